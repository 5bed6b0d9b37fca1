"""JAdES baseline-B seals (ETSI TS 119 182-1) in JWS JSON serialization.

The sealed EDC has the shape of the Commission's signed sample::

    {"payload": "<the EDC as a JSON string>",
     "signatures": [{"protected": "<b64url header>", "signature": "<b64url>"}]}

The protected header holds ``alg`` (ES256 or RS256), ``typ``, ``cty``,
``x5c`` (the seal certificate first, then its CA chain), ``x5t#S256``,
``sigT`` (claimed signing time), ``b64: false`` (RFC 7797: the payload is
signed as is, not base64url-encoded) and ``crit: ["b64", "sigT"]``. The JWS
signing input is ``ascii(protected) || "." || utf8(payload)``.

Only ``cryptography`` is used (Odoo 18 pins 3.4.8); tests verify the same
seals with jwcrypto, an independent JOSE implementation.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import pkcs12

from .verify import StatusFetcher, VerificationReport, _check_status, make_resolver

CRIT = ["b64", "sigT"]


class SealError(ValueError):
    """Bad seal material (key, certificate) or a malformed sealed document."""


def b64url(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url."""
    if not isinstance(text, str):
        raise SealError("expected a base64url string")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_payload(payload: dict[str, Any]) -> str:
    """The exact payload string that is signed and shipped."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def algorithm_for(key) -> str:
    """``ES256`` for a P-256 key, ``RS256`` for RSA (2048 bits or more)."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if not isinstance(key.curve, ec.SECP256R1):
            raise SealError("ECDSA seal keys must use the P-256 curve (ES256)")
        return "ES256"
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            raise SealError("RSA seal keys must have at least 2048 bits")
        return "RS256"
    raise SealError("the seal key must be an ECDSA P-256 or an RSA key")


def _sign(key, alg: str, data: bytes) -> bytes:
    if alg == "ES256":
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def _verify(public_key, alg: str, signature: bytes, data: bytes) -> None:
    """Raise ``InvalidSignature`` (or ``SealError``) unless the signature holds."""
    if alg == "ES256":
        if (
            not isinstance(public_key, ec.EllipticCurvePublicKey)
            or len(signature) != 64
        ):
            raise SealError("ES256 needs a P-256 certificate and a 64-byte signature")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        public_key.verify(der, data, ec.ECDSA(hashes.SHA256()))
    elif alg == "RS256":
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise SealError("RS256 needs an RSA certificate")
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise SealError(f"unsupported algorithm {alg!r}")


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 fingerprint (hex) of a certificate."""
    return hashlib.sha256(_der(cert)).hexdigest()


def seal(
    payload: dict[str, Any],
    private_key,
    chain: list[x509.Certificate],
    signing_time: datetime | None = None,
) -> dict[str, Any]:
    """Seal ``payload`` with ``private_key``; ``chain[0]`` is its certificate."""
    if not chain:
        raise SealError("the seal needs its certificate")
    alg = algorithm_for(private_key)
    public = private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cert_public = (
        chain[0]
        .public_key()
        .public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    if public != cert_public:
        raise SealError("the seal certificate does not belong to the seal key")
    when = (signing_time or datetime.now(timezone.utc)).astimezone(timezone.utc)
    header = {
        "alg": alg,
        "typ": "jose+json",
        "cty": "application/json",
        "x5t#S256": b64url(hashlib.sha256(_der(chain[0])).digest()),
        "x5c": [base64.b64encode(_der(c)).decode("ascii") for c in chain],
        "sigT": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "b64": False,
        "crit": list(CRIT),
    }
    protected = b64url(json.dumps(header, separators=(",", ":")).encode("utf-8"))
    text = canonical_payload(payload)
    signature = _sign(
        private_key, alg, protected.encode("ascii") + b"." + text.encode()
    )
    return {
        "payload": text,
        "signatures": [{"protected": protected, "signature": b64url(signature)}],
    }


# ---------------------------------------------------------------------------
# seal material


def load_seal_material(data: bytes, password: str | None = None):
    """``(private key, [certificate, CA...])`` from PKCS#12 or a PEM bundle.

    :raises SealError: with a message a registry officer understands.
    """
    secret = password.encode() if password else None
    if not data:
        raise SealError("the certificate file is empty")
    if b"-----BEGIN" in data:
        key, certs = None, []
        for block in data.split(b"-----END ")[:-1]:
            start = block.rfind(b"-----BEGIN ")
            end_kind = block[start + 11 :].split(b"-----", 1)[0]
            pem = block[start:] + b"-----END " + end_kind + b"-----\n"
            if b"PRIVATE KEY" in end_kind:
                key = _load_pem_key(pem, secret)
            elif end_kind == b"CERTIFICATE":
                certs.append(x509.load_pem_x509_certificate(pem))
    else:
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, secret)
        except ValueError as exc:
            raise SealError("cannot open the PKCS#12 file: wrong password?") from exc
        certs = ([cert] if cert else []) + list(extra or [])
    if key is None or not certs:
        raise SealError("the file must contain the private key and its certificate")
    algorithm_for(key)
    return key, _order_chain(key, certs)


def _load_pem_key(pem: bytes, secret: bytes | None):
    try:
        return serialization.load_pem_private_key(pem, secret)
    except (ValueError, TypeError) as exc:
        raise SealError("cannot read the private key: wrong password?") from exc


def _order_chain(key, certs: list[x509.Certificate]) -> list[x509.Certificate]:
    """The certificate of ``key`` first, then the others in issuer order."""
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    mine = key.public_key().public_bytes(serialization.Encoding.DER, spki)
    leaf = next(
        (
            c
            for c in certs
            if c.public_key().public_bytes(serialization.Encoding.DER, spki) == mine
        ),
        None,
    )
    if leaf is None:
        raise SealError("no certificate in the file matches the private key")
    ordered, rest = [leaf], [c for c in certs if c is not leaf]
    while rest:
        nxt = next((c for c in rest if c.subject == ordered[-1].issuer), None)
        if nxt is None or nxt.subject == ordered[-1].subject:
            break
        ordered.append(nxt)
        rest.remove(nxt)
    return ordered


# ---------------------------------------------------------------------------
# verification


def _cert_signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    key = issuer.public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(
                cert.signature,
                cert.tbs_certificate_bytes,
                ec.ECDSA(cert.signature_hash_algorithm),
            )
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(
                cert.signature,
                cert.tbs_certificate_bytes,
                padding.PKCS1v15(),
                cert.signature_hash_algorithm,
            )
        else:
            return False
    except InvalidSignature:
        return False
    return True


def chain_problem(
    chain: list[x509.Certificate], trusted: list[x509.Certificate]
) -> str | None:
    """Why ``chain`` does not lead to one of the ``trusted`` (registered)
    certificates, or None when it does (each link's signature is checked)."""
    trusted_fps = {fingerprint(c) for c in trusted}
    for index, cert in enumerate(chain):
        if fingerprint(cert) in trusted_fps:
            return None
        candidates = chain[index + 1 : index + 2] + list(trusted)
        issuer = next((c for c in candidates if c.subject == cert.issuer), None)
        if issuer is None:
            break
        if not _cert_signed_by(cert, issuer):
            subject = cert.subject.rfc4514_string()
            return f"certificate {subject} is not signed by its issuer"
        if fingerprint(issuer) in trusted_fps:
            return None
    return (
        "the seal certificate does not lead to a certificate registered by the "
        "institution"
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _parse(sealed: Any) -> tuple[dict, dict, bytes, str]:
    """``(header, payload document, signature, signing input)`` of a sealed EDC."""
    if isinstance(sealed, (bytes, str)):
        try:
            sealed = json.loads(sealed)
        except ValueError as exc:
            raise SealError("not a JSON document") from exc
    if not isinstance(sealed, dict) or not isinstance(sealed.get("payload"), str):
        raise SealError("not a sealed EDC (JWS JSON with payload and signatures)")
    signatures = sealed.get("signatures")
    if not isinstance(signatures, list) or len(signatures) != 1:
        raise SealError("a sealed EDC has exactly one signature")
    try:
        header = json.loads(b64url_decode(signatures[0]["protected"]))
        signature = b64url_decode(signatures[0]["signature"])
        document = json.loads(sealed["payload"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SealError("malformed seal or payload") from exc
    if header.get("b64") is not False or not set(CRIT) <= set(header.get("crit") or []):
        raise SealError("the seal is not a JAdES detached-style (b64: false) seal")
    unknown = set(header.get("crit") or []) - set(CRIT)
    if unknown:
        raise SealError(f"unsupported critical header(s): {', '.join(sorted(unknown))}")
    signing_input = signatures[0]["protected"] + "." + sealed["payload"]
    return header, document, signature, signing_input


def payload_of(sealed: Any) -> dict:
    """The EDC inside a sealed document (not verified)."""
    return _parse(sealed)[1]


def verify_sealed(
    sealed: Any,
    trusted: list[x509.Certificate],
    now: datetime | None = None,
    status_entries: list[dict] | None = None,
    fetch_status_list: StatusFetcher | None = None,
    resolve_key: Callable | None = None,
    status_issuer: str | None = None,
) -> VerificationReport:
    """Verify a sealed EDC: shape, certificate digest, seal, chain to the
    ``trusted`` (registered) certificates, certificate validity and, when
    ``status_entries`` are given (the award's Bitstring Status List entries),
    the same revocation/suspension status as the award. Never raises."""
    report = VerificationReport()
    now = _aware(now or datetime.now(timezone.utc))
    try:
        header, document, signature, signing_input = _parse(sealed)
        chain = [
            x509.load_der_x509_certificate(base64.b64decode(c)) for c in header["x5c"]
        ]
    except (SealError, KeyError, TypeError, ValueError) as exc:
        report.add("shape", False, str(exc), code="seal_shape_invalid")
        return report
    report.add(
        "shape",
        True,
        f"JAdES {header.get('alg')} seal, {len(chain)} certificate(s)",
        code="seal_shape_valid",
    )
    _seal_checks(report, header, chain, signature, signing_input, trusted, now)
    if status_entries is not None:
        doc = {"credentialStatus": status_entries, "issuer": status_issuer}
        try:
            _check_status(
                report, doc, resolve_key or make_resolver(), fetch_status_list, now
            )
        except Exception as exc:  # last-resort guard: never raise
            report.add("status", False, f"status check error: {exc}")
    report.document = document
    return report


def _seal_checks(report, header, chain, signature, signing_input, trusted, now) -> None:
    leaf = chain[0] if chain else None
    if leaf is None:
        report.add(
            "certificate",
            False,
            "the seal carries no certificate",
            code="certificate_swapped",
        )
        return
    digest = b64url(hashlib.sha256(_der(leaf)).digest())
    if header.get("x5t#S256") == digest:
        report.add(
            "certificate", True, "certificate digest matches", code="certificate_match"
        )
    else:
        report.add(
            "certificate",
            False,
            "x5t#S256 does not match the seal certificate (swapped certificate)",
            code="certificate_swapped",
        )
    try:
        _verify(
            leaf.public_key(),
            header.get("alg"),
            signature,
            signing_input.encode("utf-8"),
        )
        report.add("seal", True, "seal is valid", code="seal_valid")
    except (InvalidSignature, SealError) as exc:
        report.add(
            "seal",
            False,
            f"seal does not match the content: {exc or 'invalid signature'}",
            code="seal_invalid",
        )
    problem = chain_problem(chain, trusted)
    if problem is None:
        report.add(
            "chain", True, "chains to a registered certificate", code="chain_registered"
        )
    else:
        report.add("chain", False, problem, code="chain_unregistered")
    _expiry_check(report, chain, now)


def _expiry_check(report, chain, now) -> None:
    expired = [c for c in chain if _aware(c.not_valid_after) < now]
    early = [c for c in chain if _aware(c.not_valid_before) > now]
    if expired:
        day = _aware(expired[0].not_valid_after).strftime("%Y-%m-%d")
        report.add(
            "expiry", False, f"certificate expired on {day}", code="certificate_expired"
        )
    elif early:
        report.add(
            "expiry",
            False,
            "certificate not yet valid",
            code="certificate_not_yet_valid",
        )
    else:
        day = _aware(chain[0].not_valid_after).strftime("%Y-%m-%d")
        report.add(
            "expiry", True, f"certificates valid until {day}", code="certificate_valid"
        )
