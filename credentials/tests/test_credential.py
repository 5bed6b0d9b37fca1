"""Credential building: OB 3.0 structure, no undefined terms, languages."""

from __future__ import annotations

import hashlib

import pytest
from conftest import KEY_A, KEY_B, UNI_A, UNI_B, resolver, sample_data

from mc_credentials.canon import canonize, expand, undefined_terms
from mc_credentials.credential import (
    CredentialDataError,
    build_multiple_award,
    build_open_badge_credential,
    hash_identity,
)
from mc_credentials.proof import sign
from mc_credentials.verify import verify_credential


def test_structure():
    cred = build_open_badge_credential(sample_data())
    assert cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cred["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    subj = cred["credentialSubject"]
    ach = subj["achievement"]
    assert ach["achievementType"] == "MicroCredential"
    assert ach["creditsAvailable"] == 5.0
    assert ach["alignment"][0]["targetName"] == "EQF level 6"
    assert ach["alignment"][0]["targetFramework"] == "European Qualifications Framework"
    assert ach["name"] == "Applied AI"  # ob3 mode: primary-language string
    assert ach["related"][0]["inLanguage"] == "de"
    assert ach["creator"]["id"] == UNI_A
    assert subj["result"][0]["resultDescription"] == ach["resultDescription"][0]["id"]
    ident = subj["identifier"][0]
    assert (
        ident["identityHash"]
        == "sha256$"
        + hashlib.sha256(b"student@example.org" + ident["salt"].encode()).hexdigest()
    )
    assert cred["credentialStatus"]["statusListIndex"] == "42"
    assert [e["id"] for e in cred["evidence"]] == [
        "did:web:uni-b.example",
        "did:web:uni-c.example",
    ]


@pytest.mark.parametrize("mode", ["ob3", "value-objects"])
def test_built_credential_has_no_undefined_terms(mode):
    cred = build_open_badge_credential(sample_data(language_mode=mode))
    assert undefined_terms(cred) == []


def test_undefined_terms_detects_unsigned_properties():
    cred = build_open_badge_credential(sample_data())
    cred["gpa"] = 4.0
    cred["credentialSubject"]["achievement"]["ects"] = 5
    cred["credentialSubject"]["type"].append("Learner")
    assert undefined_terms(cred) == ["ects", "gpa", "type:Learner"]


def test_undefined_terms_really_are_dropped_from_the_signature():
    cred = build_open_badge_credential(sample_data())
    with_extra = dict(cred, gpa=4.0)
    assert canonize(with_extra) == canonize(cred)


def test_expansion_keeps_every_key():
    """Expanded node count == JSON object count: nothing silently dropped."""
    cred = build_open_badge_credential(sample_data())

    def count_keys(node):
        if isinstance(node, dict):
            return len(node) + sum(count_keys(v) for v in node.values())
        if isinstance(node, list):
            return sum(count_keys(v) for v in node)
        return 0

    def count_props(node):
        if isinstance(node, dict):
            if "@value" in node:
                return 0
            own = sum(1 for k in node if not k.startswith("@") or k == "@type")
            return own + sum(count_props(v) for v in node.values())
        if isinstance(node, list):
            return sum(count_props(v) for v in node)
        return 0

    # every JSON key except @context and "id" becomes an expanded property
    def count_json(node):
        if isinstance(node, dict):
            own = sum(1 for k in node if k not in ("@context", "id"))
            return own + sum(count_json(v) for k, v in node.items() if k != "@context")
        if isinstance(node, list):
            return sum(count_json(v) for v in node)
        return 0

    assert count_props(expand(cred)) == count_json(cred)
    assert count_keys(cred) > 50


def test_language_value_objects_canonicalise_with_language_tags():
    cred = build_open_badge_credential(sample_data(language_mode="value-objects"))
    ach = cred["credentialSubject"]["achievement"]
    assert {"@value": "Angewandte KI", "@language": "de"} in ach["name"]
    nquads = canonize(cred)
    assert '<https://schema.org/name> "Angewandte KI"@de .' in nquads
    assert '<https://schema.org/name> "Applied AI"@en .' in nquads


def test_single_language_is_plain_string():
    data = sample_data()
    data["achievement"] = dict(data["achievement"], name="Only English")
    data["achievement"]["description"] = "Text"
    cred = build_open_badge_credential(data)
    assert cred["credentialSubject"]["achievement"]["name"] == "Only English"


def test_missing_required_data_is_a_clear_error():
    data = sample_data()
    del data["issuer"]
    with pytest.raises(CredentialDataError, match="issuer"):
        build_open_badge_credential(data)
    data = sample_data(achievement=dict(sample_data()["achievement"], eqf_level=9))
    with pytest.raises(CredentialDataError, match="EQF"):
        build_open_badge_credential(data)


def test_default_id_is_urn_uuid_and_salt_random():
    data = sample_data()
    del data["id"]
    data["recipient"] = {"email": "a@b.c"}
    a = build_open_badge_credential(data)
    b = build_open_badge_credential(data)
    assert a["id"].startswith("urn:uuid:") and a["id"] != b["id"]
    assert (
        a["credentialSubject"]["identifier"][0]["salt"]
        != b["credentialSubject"]["identifier"][0]["salt"]
    )


def test_hash_identity_normalises_email():
    assert hash_identity(" A@B.C ", "x") == hash_identity("a@b.c", "x")


def test_multiple_award_cross_references():
    common = sample_data()
    common.pop("co_awarders")
    common.pop("status")
    institutions = [
        {
            "issuer": {"id": UNI_A, "name": "University A"},
            "credential_id": "https://uni-a.example/credentials/1",
            "achievement_id": "https://uni-a.example/achievements/ai",
        },
        {
            "issuer": {"id": UNI_B, "name": "University B"},
            "credential_id": "https://uni-b.example/credentials/9",
            "achievement_id": "https://uni-b.example/achievements/ai",
        },
    ]
    creds = build_multiple_award(common, institutions)
    assert len(creds) == 2
    a, b = creds
    assert a["issuer"]["id"] == UNI_A and b["issuer"]["id"] == UNI_B
    rel_a = [r["id"] for r in a["credentialSubject"]["achievement"]["related"]]
    assert "https://uni-b.example/achievements/ai" in rel_a
    assert a["evidence"][0]["id"] == "https://uni-b.example/credentials/9"
    assert b["evidence"][0]["id"] == "https://uni-a.example/credentials/1"
    for cred, key in ((a, KEY_A), (b, KEY_B)):
        assert undefined_terms(cred) == []
        signed = sign(cred, key.private_key, key.verification_method)
        assert verify_credential(signed, resolver()).ok
