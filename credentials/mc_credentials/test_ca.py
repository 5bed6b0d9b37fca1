"""A self-issued TEST certificate authority for demo data and tests.

NOT FOR PRODUCTION. Every certificate it issues says so in its subject
(``OU=mc_credentials TEST CA - not a qualified seal``, ``CN=... TEST SEAL``):
a seal made with it proves nothing to Europass or to anyone outside this
installation. Real institutions upload their qualified eSeal (PKCS#12 or PEM).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

TEST_LABEL = "mc_credentials TEST CA - not a qualified seal"


def _key(kind: str):
    if kind == "RS256":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _name(common: str, organisation: str, country: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TEST_LABEL),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _cert(subject, issuer, public_key, signer, not_before, not_after, ca: bool):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True
        )
    )
    usage = dict(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    builder = builder.add_extension(x509.KeyUsage(**usage), True)
    return builder.sign(signer, hashes.SHA256())


def make_test_ca(organisation: str = "Demo", country: str = "BE", alg: str = "ES256"):
    """``(ca_key, ca_cert)``: a TEST root valid for ten years."""
    key = _key(alg)
    name = _name(f"{organisation} TEST ROOT CA", organisation, country)
    now = datetime.now(timezone.utc) - timedelta(days=1)
    return key, _cert(
        name, name, key.public_key(), key, now, now + timedelta(days=3650), True
    )


def issue_test_seal(
    ca_key,
    ca_cert,
    organisation: str,
    country: str,
    alg: str = "ES256",
    not_before: datetime | None = None,
    days: int = 1825,
):
    """``(key, [seal cert, ca cert])``: a TEST seal certificate for ``organisation``."""
    key = _key(alg)
    start = not_before or datetime.now(timezone.utc) - timedelta(days=1)
    cert = _cert(
        _name(f"{organisation} TEST SEAL", organisation, country),
        ca_cert.subject,
        key.public_key(),
        ca_key,
        start,
        start + timedelta(days=days),
        False,
    )
    return key, [cert, ca_cert]


def to_pem(key, chain, password: str | None = None) -> bytes:
    """PEM bundle (private key, then the chain) as an institution would upload it."""
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    out = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    return out + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain)
