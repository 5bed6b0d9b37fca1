"""Ed25519 keys: generation, raw bytes, Multikey / multibase, did:key helpers.

Works with ``cryptography`` 3.4.8 (Odoo 18 pin) and current releases: only the
long-stable ``Ed25519PrivateKey.from_private_bytes`` / ``Encoding.Raw`` APIs
are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(B58_ALPHABET)}

#: multicodec varint prefix of ``ed25519-pub`` (0xed).
ED25519_PUB_PREFIX = b"\xed\x01"
#: multicodec varint prefix of ``ed25519-priv`` (0x1300).
ED25519_PRIV_PREFIX = b"\x80\x26"


class KeyFormatError(ValueError):
    """Raised for malformed key material (bad multibase, prefix or length)."""


def b58encode(data: bytes) -> str:
    """Encode bytes with the Bitcoin base58 alphabet (leading zeros -> '1')."""
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, rem = divmod(n, 58)
        out.append(B58_ALPHABET[rem])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    """Decode a base58btc string.

    :raises KeyFormatError: on characters outside the alphabet.
    """
    if not isinstance(text, str):
        raise KeyFormatError("base58 input must be a string")
    n = 0
    for ch in text:
        try:
            n = n * 58 + _B58_INDEX[ch]
        except KeyError:
            raise KeyFormatError(f"invalid base58 character {ch!r}") from None
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def multibase_b58_encode(data: bytes) -> str:
    """Multibase base58btc: ``'z' + base58(data)``."""
    return "z" + b58encode(data)


def multibase_b58_decode(text: str) -> bytes:
    """Decode a multibase base58btc string (must start with ``'z'``)."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise KeyFormatError("expected a multibase base58btc value starting with 'z'")
    return b58decode(text[1:])


def public_key_to_multikey(public_key: Ed25519PublicKey | bytes) -> str:
    """Encode an Ed25519 public key as Multikey ``publicKeyMultibase`` (z6Mk...)."""
    raw = public_key if isinstance(public_key, bytes) else public_key_raw(public_key)
    if len(raw) != 32:
        raise KeyFormatError("Ed25519 public key must be 32 bytes")
    return multibase_b58_encode(ED25519_PUB_PREFIX + raw)


def multikey_to_public_key(multikey: str) -> Ed25519PublicKey:
    """Decode a ``z6Mk...`` Multikey into an Ed25519 public key."""
    data = multibase_b58_decode(multikey)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise KeyFormatError("not an Ed25519 Multikey (expected 0xed01 + 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def private_key_to_multikey(
    private_key: Ed25519PrivateKey, include_public: bool = False
) -> str:
    """Encode the private seed as Multikey ``secretKeyMultibase``.

    :param include_public: append the 32-byte public key after the seed (the
        64-byte form used by the Open Badges test vector); default is the
        32-byte seed-only form.
    """
    raw = private_key_raw(private_key)
    if include_public:
        raw += public_key_raw(private_key.public_key())
    return multibase_b58_encode(ED25519_PRIV_PREFIX + raw)


def multikey_to_private_key(multikey: str) -> Ed25519PrivateKey:
    """Decode a ``secretKeyMultibase`` (0x8026 + 32-byte seed [+ 32-byte pub])."""
    data = multibase_b58_decode(multikey)
    if not data.startswith(ED25519_PRIV_PREFIX) or len(data) not in (34, 66):
        raise KeyFormatError("not an Ed25519 secret Multikey (expected 0x8026 + seed)")
    return Ed25519PrivateKey.from_private_bytes(data[2:34])


def generate_private_key() -> Ed25519PrivateKey:
    """Generate a fresh Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def private_key_from_seed(seed: bytes) -> Ed25519PrivateKey:
    """Build a private key from its 32-byte seed."""
    if len(seed) != 32:
        raise KeyFormatError("Ed25519 seed must be 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key_raw(private_key: Ed25519PrivateKey) -> bytes:
    """Return the 32-byte seed of a private key."""
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_key_raw(public_key: Ed25519PublicKey) -> bytes:
    """Return the 32 raw bytes of a public key."""
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_from_raw(raw: bytes) -> Ed25519PublicKey:
    """Build a public key from 32 raw bytes."""
    if len(raw) != 32:
        raise KeyFormatError("Ed25519 public key must be 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def did_key_from_public_key(public_key: Ed25519PublicKey | bytes) -> str:
    """Return ``did:key:z6Mk...`` for a public key."""
    return "did:key:" + public_key_to_multikey(public_key)


def did_key_verification_method(public_key: Ed25519PublicKey | bytes) -> str:
    """Return the did:key verification method id ``did:key:z6Mk...#z6Mk...``."""
    mk = public_key_to_multikey(public_key)
    return f"did:key:{mk}#{mk}"


def public_key_from_did_key(verification_method: str) -> Ed25519PublicKey:
    """Resolve a did:key DID or verification method offline.

    The fragment, when present, must equal the method-specific identifier.
    """
    if not isinstance(verification_method, str) or not verification_method.startswith(
        "did:key:"
    ):
        raise KeyFormatError("not a did:key identifier")
    did, _, fragment = verification_method.partition("#")
    mk = did[len("did:key:") :]
    if fragment and fragment != mk:
        raise KeyFormatError("did:key fragment does not match the key")
    return multikey_to_public_key(mk)


def did_web_verification_method(
    domain: str, path: str = "", key_id: str = "key-1"
) -> str:
    """Return ``did:web:<domain>[:<path segments>]#<key_id>``.

    ``domain`` may contain a port (encoded as ``%3A`` per did:web); ``path`` is
    a ``/``-separated path whose segments become ``:``-separated.
    """
    did = "did:web:" + domain.replace(":", "%3A")
    segments = [s for s in path.strip("/").split("/") if s]
    if segments:
        did += ":" + ":".join(segments)
    return f"{did}#{key_id}"


def controller_document(
    controller: str, keys: dict[str, Ed25519PublicKey | bytes]
) -> dict:
    """Build a minimal controller (DID) document listing Multikey entries.

    :param controller: the controller id (e.g. ``did:web:uni.example``).
    :param keys: mapping of fragment (``key-1``) -> public key.
    """
    methods = []
    for fragment, key in keys.items():
        methods.append(
            {
                "id": f"{controller}#{fragment}",
                "type": "Multikey",
                "controller": controller,
                "publicKeyMultibase": public_key_to_multikey(key),
            }
        )
    ids = [m["id"] for m in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
        ],
        "id": controller,
        "verificationMethod": methods,
        "assertionMethod": ids,
    }


@dataclass
class KeyPair:
    """An Ed25519 signing key bound to its verification method id."""

    private_key: Ed25519PrivateKey
    verification_method: str

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The matching public key."""
        return self.private_key.public_key()

    @property
    def public_key_multibase(self) -> str:
        """Multikey encoding of the public key (z6Mk...)."""
        return public_key_to_multikey(self.public_key)

    @classmethod
    def generate_did_key(cls) -> KeyPair:
        """Generate a new key whose verification method is a did:key."""
        key = generate_private_key()
        return cls(key, did_key_verification_method(key.public_key()))

    @classmethod
    def generate(cls, verification_method: str) -> KeyPair:
        """Generate a new key for a given verification method id (did:web, URL)."""
        return cls(generate_private_key(), verification_method)
