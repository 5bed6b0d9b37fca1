"""Every kind of credential the package builds conforms to the official Open
Badges 3.0 AchievementCredential JSON Schema (Draft 2019-09, formats checked),
and what the schema forbids is caught."""

from __future__ import annotations

import copy

import pytest
from conftest import KEY_A, KEY_B, KEY_C, UNI_A, UNI_B, sample_data, signed_joint

from mc_credentials import add_proofs, build_multiple_award, build_open_badge_credential
from mc_credentials.conformance import schema_errors


def _multiple():
    common = sample_data(co_awarders=[])
    institutions = [
        {
            "issuer": {"id": did, "name": name},
            "credential_id": f"urn:uuid:0000000{n}-0000-4000-8000-000000000000",
            "achievement_id": f"urn:uuid:1000000{n}-0000-4000-8000-000000000000",
        }
        for n, (did, name) in enumerate([(UNI_A, "University A"), (UNI_B, "B")])
    ]
    unsigned = build_multiple_award(common, institutions)
    return [
        add_proofs(cred, [key], created="2025-01-01T00:00:00Z")
        for cred, key in zip(unsigned, (KEY_A, KEY_B), strict=True)
    ]


def test_joint_award_conforms():
    assert schema_errors(signed_joint()) == []


def test_each_credential_of_a_multiple_award_conforms():
    for cred in _multiple():
        assert schema_errors(cred) == []


def test_single_issuer_credential_conforms():
    cred = add_proofs(build_open_badge_credential(sample_data(co_awarders=[])), [KEY_A])
    assert isinstance(cred["proof"], list) and len(cred["proof"]) == 1
    assert isinstance(cred["credentialStatus"], dict)
    assert schema_errors(cred) == []


def test_one_proof_object_is_not_conformant():
    cred = signed_joint()
    cred["proof"] = cred["proof"][0]
    assert any("proof" in e for e in schema_errors(cred))


def test_two_status_entries_are_not_conformant():
    cred = signed_joint()
    cred["credentialStatus"] = [cred["credentialStatus"], cred["credentialStatus"]]
    assert any("credentialStatus" in e for e in schema_errors(cred))


def test_language_value_objects_are_not_conformant():
    data = sample_data(language_mode="value-objects")
    cred = add_proofs(build_open_badge_credential(data), [KEY_A, KEY_B, KEY_C])
    errors = schema_errors(cred)
    assert any("achievement.name" in e for e in errors), errors


def test_other_languages_are_related_editions():
    achievement = signed_joint()["credentialSubject"]["achievement"]
    assert isinstance(achievement["name"], str)
    editions = [r for r in achievement["related"] if r.get("inLanguage")]
    assert editions and all(r["id"] for r in editions)


@pytest.mark.parametrize(
    ("path", "value"),
    [(("validFrom",), "1 January 2025"), (("awardedDate",), "2025-13-01T00:00:00Z")],
)
def test_formats_are_checked(path, value):
    cred = copy.deepcopy(signed_joint())
    cred[path[0]] = value
    assert any(path[0] in e for e in schema_errors(cred))
