"""W3C Bitstring Status List v1.0 (1-bit entries; revocation / suspension).

The bitstring is GZIP-compressed and encoded as multibase base64url without
padding (prefix ``u``). Bit order: index 0 is the most significant (left-most)
bit of the first byte. Indexes are allocated at random (``secrets``) and never
reused, so the index leaks nothing about issuance order.
"""

from __future__ import annotations

import base64
import gzip
import secrets
from collections.abc import Iterable
from typing import Any

from .loader import VC_V2_CONTEXT

MIN_SIZE = 131072
PURPOSES = ("revocation", "suspension")


class StatusListError(ValueError):
    """Raised for invalid status list parameters or encodings."""


def _b64url_decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii"))
    except Exception as exc:
        raise StatusListError(f"encodedList is not base64url: {exc}") from exc


class StatusList:
    """A mutable bitstring of ``size`` entries for one status purpose."""

    def __init__(
        self,
        size: int = MIN_SIZE,
        purpose: str = "revocation",
        allocated: Iterable[int] = (),
    ) -> None:
        """Create an all-zero list.

        :param size: number of entries, at least 131072 and a multiple of 8.
        :param purpose: ``revocation`` (final) or ``suspension`` (reversible).
        :param allocated: indexes already handed out (e.g. loaded from a DB).
        """
        if not isinstance(size, int) or size < MIN_SIZE or size % 8:
            raise StatusListError(
                f"size must be an integer >= {MIN_SIZE} and a multiple of 8"
            )
        if purpose not in PURPOSES:
            raise StatusListError(f"statusPurpose must be one of {PURPOSES}")
        self.size = size
        self.purpose = purpose
        self.bits = bytearray(size // 8)
        self.allocated: set[int] = set()
        for index in allocated:
            self._check(index)
            self.allocated.add(index)

    def _check(self, index: int) -> None:
        if not isinstance(index, int) or isinstance(index, bool):
            raise StatusListError("status list index must be an integer")
        if not 0 <= index < self.size:
            raise StatusListError(f"index {index} outside 0..{self.size - 1}")

    def allocate(self) -> int:
        """Return a fresh random index that was never allocated before."""
        if len(self.allocated) >= self.size:
            raise StatusListError("status list is full")
        while True:
            index = secrets.randbelow(self.size)
            if index not in self.allocated:
                self.allocated.add(index)
                return index

    def get(self, index: int) -> bool:
        """Return whether the bit at ``index`` is set."""
        self._check(index)
        return bool(self.bits[index // 8] & (0x80 >> (index % 8)))

    def set(self, index: int, value: bool = True) -> None:
        """Set (or with ``value=False`` clear) the bit at ``index``."""
        self._check(index)
        mask = 0x80 >> (index % 8)
        if value:
            self.bits[index // 8] |= mask
        else:
            self.bits[index // 8] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Clear the bit at ``index`` (e.g. lift a suspension)."""
        self.set(index, False)

    def encode(self) -> str:
        """Multibase base64url (``u``, no padding) of the gzipped bitstring."""
        compressed = gzip.compress(bytes(self.bits), mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, encoded: str, purpose: str = "revocation") -> StatusList:
        """Parse an ``encodedList`` value.

        A leading ``u`` multibase prefix is expected; a bare base64url value
        (older drafts) is accepted too.
        """
        if not isinstance(encoded, str) or not encoded:
            raise StatusListError("encodedList must be a non-empty string")
        body = encoded[1:] if encoded.startswith("u") else encoded
        try:
            raw = gzip.decompress(_b64url_decode(body))
        except StatusListError:
            raise
        except Exception as exc:
            raise StatusListError(f"encodedList is not valid GZIP: {exc}") from exc
        if len(raw) * 8 < MIN_SIZE:
            raise StatusListError(
                f"bitstring has {len(raw) * 8} entries, fewer than {MIN_SIZE}"
            )
        status_list = cls(len(raw) * 8, purpose)
        status_list.bits = bytearray(raw)
        return status_list


def status_entry(
    list_credential_url: str, index: int, purpose: str = "revocation"
) -> dict[str, Any]:
    """Build a ``BitstringStatusListEntry`` for a credential's credentialStatus."""
    if purpose not in PURPOSES:
        raise StatusListError(f"statusPurpose must be one of {PURPOSES}")
    return {
        "id": f"{list_credential_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_credential_url,
    }


def build_status_list_credential(
    status_list: StatusList,
    credential_id: str,
    issuer: str | dict[str, Any],
    valid_from: str,
    valid_until: str | None = None,
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """Build an unsigned ``BitstringStatusListCredential`` for ``status_list``.

    Sign it with :func:`mc_credentials.proof.sign` like any credential.
    """
    subject: dict[str, Any] = {
        "id": f"{credential_id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": status_list.purpose,
        "encodedList": status_list.encode(),
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    cred: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": subject,
    }
    if valid_until:
        cred["validUntil"] = valid_until
    return cred


def check_status(
    entry: dict[str, Any], list_credential: dict[str, Any]
) -> tuple[bool, str]:
    """Look up one ``BitstringStatusListEntry`` in a status list credential.

    Does *not* verify the list credential's proof (see
    :func:`mc_credentials.verify.verify_credential`).

    :returns: ``(is_set, message)``; ``is_set`` True means revoked/suspended.
    :raises StatusListError: on inconsistent or malformed data.
    """
    if not isinstance(entry, dict) or not isinstance(list_credential, dict):
        raise StatusListError("status entry and list credential must be objects")
    purpose = entry.get("statusPurpose")
    if purpose not in PURPOSES:
        raise StatusListError(f"unsupported statusPurpose {purpose!r}")
    types = list_credential.get("type")
    types = types if isinstance(types, list) else [types]
    if "BitstringStatusListCredential" not in types:
        raise StatusListError("status list credential has the wrong type")
    if entry.get("statusListCredential") != list_credential.get("id"):
        raise StatusListError(
            "statusListCredential "
            f"{entry.get('statusListCredential')!r} does not match list id "
            f"{list_credential.get('id')!r}"
        )
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise StatusListError("status list credential has no credentialSubject")
    if subject.get("statusPurpose") != purpose:
        raise StatusListError(
            f"list purpose {subject.get('statusPurpose')!r} != entry purpose "
            f"{purpose!r}"
        )
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str) or not raw_index.isdigit():
        raise StatusListError("statusListIndex must be a string of digits")
    index = int(raw_index)
    status_list = StatusList.decode(subject.get("encodedList"), purpose)
    if index >= status_list.size:
        raise StatusListError(f"statusListIndex {index} beyond list size")
    is_set = status_list.get(index)
    word = "revoked" if purpose == "revocation" else "suspended"
    return is_set, (f"{word} (index {index})" if is_set else f"not {word}")
