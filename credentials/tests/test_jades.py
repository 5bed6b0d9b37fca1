"""JAdES baseline-B seals: our verifier and jwcrypto (an independent JOSE library)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import REVOCATION_URL, UNI_A, resolver, status_lists
from edc_samples import award

from mc_credentials import edc, jades, test_ca

jwcrypto = pytest.importorskip("jwcrypto")
from jwcrypto import jwk, jws  # noqa: E402
from jwcrypto.common import JWSEHeaderParameter  # noqa: E402

NOW = datetime.now(timezone.utc).replace(microsecond=0)
_CA: dict = {}


def material(alg="ES256", **kwargs):
    """(key, chain, ca_cert) from the labelled test CA (one CA per algorithm)."""
    if alg not in _CA:
        _CA[alg] = test_ca.make_test_ca("University A", "DE", alg)
    ca_key, ca_cert = _CA[alg]
    key, chain = test_ca.issue_test_seal(
        ca_key, ca_cert, "University A", "DE", alg, **kwargs
    )
    return key, chain, ca_cert


def sealed_edc(alg="ES256", **kwargs):
    key, chain, ca = material(alg, **kwargs)
    return jades.seal(edc.build_joint_edc(award()), key, chain, NOW), ca, chain


def jwcrypto_verify(sealed: dict, cert, alg: str) -> bytes:
    registry = {"sigT": JWSEHeaderParameter("Signing time", False, True, None)}
    token = jws.JWS(header_registry=registry)
    token.deserialize(json.dumps(sealed))
    token.verify(jwk.JWK.from_pyca(cert.public_key()), alg)
    return token.payload


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
def test_seal_verifies_with_both_implementations(alg):
    sealed, ca, chain = sealed_edc(alg)
    report = jades.verify_sealed(sealed, [ca], now=NOW)
    assert report.ok, report.to_dict()
    payload = jwcrypto_verify(sealed, chain[0], alg)
    assert json.loads(payload) == json.loads(sealed["payload"])
    assert report.document["id"] == json.loads(sealed["payload"])["id"]


def test_header_is_jades_baseline_b():
    sealed, _ca, chain = sealed_edc()
    header = json.loads(jades.b64url_decode(sealed["signatures"][0]["protected"]))
    assert header["b64"] is False and set(header["crit"]) == {"b64", "sigT"}
    assert header["alg"] == "ES256" and header["sigT"] == NOW.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert len(header["x5c"]) == 2
    assert header["x5t#S256"] == jades.b64url(
        __import__("hashlib").sha256(jades._der(chain[0])).digest()
    )
    # the payload is the EDC itself (not base64url), as in the Commission's sample
    assert json.loads(sealed["payload"])["type"][-1] == "EuropeanDigitalCredential"


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
def test_tampered_payload(alg):
    sealed, ca, chain = sealed_edc(alg)
    sealed["payload"] = sealed["payload"].replace("Ana Andromeda", "Eve Andromeda")
    report = jades.verify_sealed(sealed, [ca], now=NOW)
    assert not report.ok and not report.get("seal").ok
    assert "does not match the content" in report.get("seal").message
    with pytest.raises(jws.InvalidJWSSignature):
        jwcrypto_verify(sealed, chain[0], alg)


def test_swapped_certificate():
    sealed, ca, _chain = sealed_edc()
    _key, other_chain, _ca = material()
    header = json.loads(jades.b64url_decode(sealed["signatures"][0]["protected"]))
    header["x5c"][0] = jades.base64.b64encode(jades._der(other_chain[0])).decode()
    sealed["signatures"][0]["protected"] = jades.b64url(json.dumps(header).encode())
    report = jades.verify_sealed(sealed, [ca], now=NOW)
    assert not report.ok
    assert "swapped certificate" in report.get("certificate").message
    assert report.get("certificate").code == "certificate_swapped"
    assert not report.get("seal").ok


def test_certificate_not_registered():
    """An attacker's own test CA re-seals the EDC: the chain check rejects it."""
    stranger_key, stranger_ca = test_ca.make_test_ca("Mallory", "DE")
    key, chain = test_ca.issue_test_seal(
        stranger_key, stranger_ca, "University A", "DE"
    )
    sealed = jades.seal(edc.build_joint_edc(award()), key, chain, NOW)
    _ok, registered, _c = sealed_edc()
    report = jades.verify_sealed(sealed, [registered], now=NOW)
    assert report.get("seal").ok and not report.get("chain").ok
    assert "registered" in report.get("chain").message
    # registering the leaf certificate itself is enough
    assert jades.verify_sealed(sealed, [chain[0]], now=NOW).ok


def test_expired_certificate():
    sealed, ca, _chain = sealed_edc(not_before=NOW - timedelta(days=400), days=365)
    report = jades.verify_sealed(sealed, [ca], now=NOW)
    assert not report.ok and "expired" in report.get("expiry").message
    assert report.get("expiry").code == "certificate_expired"


def test_revoked_award():
    sealed, ca, _chain = sealed_edc()
    entries = [
        {
            "id": f"{REVOCATION_URL}#42",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "42",
            "statusListCredential": REVOCATION_URL,
        }
    ]
    for revoked, ok in (((), True), ((42,), False)):
        lists = status_lists(revoked=revoked)
        report = jades.verify_sealed(
            sealed,
            [ca],
            now=NOW,
            status_entries=entries,
            fetch_status_list=lists.get,
            resolve_key=resolver(),
            status_issuer=UNI_A,
        )
        assert report.ok is ok, report.to_dict()
        expected = "not revoked" if ok else "revoked (index 42)"
        assert report.get("status").message == expected


def test_malformed_inputs_never_raise():
    for bad in (
        "",
        "{}",
        b"not json",
        {"payload": "{}", "signatures": []},
        {"payload": "{}", "signatures": [{"protected": "e30", "signature": ""}]},
    ):
        report = jades.verify_sealed(bad, [])
        assert not report.ok and report.get("shape") is not None


def test_unknown_critical_header_rejected():
    sealed, ca, _chain = sealed_edc()
    header = json.loads(jades.b64url_decode(sealed["signatures"][0]["protected"]))
    header["crit"].append("adoTst")
    sealed["signatures"][0]["protected"] = jades.b64url(json.dumps(header).encode())
    report = jades.verify_sealed(sealed, [ca], now=NOW)
    assert "adoTst" in report.get("shape").message


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
def test_load_pem_and_pkcs12(alg):
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        pkcs12,
    )

    key, chain, ca = material(alg)
    loaded_key, loaded_chain = jades.load_seal_material(
        test_ca.to_pem(key, chain[::-1], "pw"), "pw"
    )
    assert loaded_chain[0] == chain[0] and loaded_chain[1] == ca
    blob = pkcs12.serialize_key_and_certificates(
        b"seal", key, chain[0], [ca], BestAvailableEncryption(b"pw")
    )
    loaded_key, loaded_chain = jades.load_seal_material(blob, "pw")
    sealed = jades.seal({"a": 1}, loaded_key, loaded_chain, NOW)
    assert jades.verify_sealed(sealed, [ca], now=NOW).ok
    with pytest.raises(jades.SealError, match="password"):
        jades.load_seal_material(blob, "wrong")
    with pytest.raises(jades.SealError, match="private key"):
        jades.load_seal_material(
            chain[0].public_bytes(jades.serialization.Encoding.PEM)
        )


def test_seal_refuses_mismatched_certificate():
    key, _chain, _ca = material()
    _other, other_chain, _ca2 = material()
    with pytest.raises(jades.SealError, match="does not belong"):
        jades.seal({"a": 1}, key, other_chain)


def test_test_ca_is_labelled():
    _key, chain, ca = material()
    for cert in (chain[0], ca):
        assert test_ca.TEST_LABEL in cert.subject.rfc4514_string()
        assert "TEST" in cert.subject.rfc4514_string()
