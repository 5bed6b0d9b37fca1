"""The crosswalk in an Open Badges 3.0 credential: each institution's local
award and national framework level as ``alignment`` entries of the achievement,
valid against the official JSON Schema, defined in the context and signed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from conftest import (
    KEY_A,
    KEY_B,
    KEY_C,
    UNI_A,
    UNI_B,
    resolver,
    sample_data,
    status_lists,
)

from mc_credentials import add_proofs, build_joint_award, build_multiple_award
from mc_credentials.canon import undefined_terms
from mc_credentials.conformance import schema_errors
from mc_credentials.credential import CredentialDataError, crosswalk_alignments
from mc_credentials.verify import verify_credential

NOW_DT = datetime(2026, 6, 1, tzinfo=timezone.utc)
CROSSWALK = [
    {
        "institution": "University A",
        "url": "https://uni-a.example/awards/ai-101",
        "local_name": "Postgraduate Certificate",
        "local_type": "Minor award",
        "nqf_level": "NFQ level 9",
        "framework": "Irish National Framework of Qualifications",
    },
    {
        "institution": "Université B",
        "url": "https://uni-b.example",
        "local_name": "Diplôme d'université",
        "nqf_level": "niveau 7",
    },
]


def _data(crosswalk=CROSSWALK):
    data = sample_data()
    data["achievement"] = dict(data["achievement"], crosswalk=crosswalk)
    return data


def _targets(cred):
    return {
        (a["targetType"], a["targetName"])
        for a in cred["credentialSubject"]["achievement"]["alignment"]
    }


def test_joint_credential_carries_every_institution_crosswalk():
    cred = add_proofs(build_joint_award(_data()), [KEY_A, KEY_B, KEY_C])
    targets = _targets(cred)
    assert ("ceterms:Credential", "Postgraduate Certificate") in targets
    assert ("ceterms:Credential", "Diplôme d'université") in targets
    assert ("ext:NQFLevel", "NFQ level 9") in targets
    assert ("ext:NQFLevel", "niveau 7") in targets
    # the EQF and skill alignments stay
    assert any(t == "ext:EQFLevel" for t, _name in targets)
    local = next(
        a
        for a in cred["credentialSubject"]["achievement"]["alignment"]
        if a["targetName"] == "Postgraduate Certificate"
    )
    assert local["targetFramework"] == "University A"
    assert local["targetDescription"] == "Minor award"
    assert schema_errors(cred) == []
    assert undefined_terms(cred) == []
    report = verify_credential(cred, resolver(), status_lists().get, now=NOW_DT)
    assert report.ok, report


def test_each_credential_of_a_multiple_award_has_its_own_crosswalk():
    common = _data(CROSSWALK)
    common["co_awarders"] = []
    unsigned = build_multiple_award(
        common,
        [
            {
                "issuer": {"id": UNI_A, "name": "University A"},
                "credential_id": "urn:uuid:00000001-0000-4000-8000-000000000000",
                "achievement_id": "urn:uuid:10000001-0000-4000-8000-000000000000",
                "crosswalk": CROSSWALK[:1],
            },
            {
                "issuer": {"id": UNI_B, "name": "Université B"},
                "credential_id": "urn:uuid:00000002-0000-4000-8000-000000000000",
                "achievement_id": "urn:uuid:10000002-0000-4000-8000-000000000000",
                "crosswalk": CROSSWALK[1:],
            },
        ],
    )
    own_levels = ("NFQ level 9", "niveau 7")
    for cred, key, level in zip(unsigned, (KEY_A, KEY_B), own_levels, strict=True):
        signed = add_proofs(cred, [key])
        levels = {name for kind, name in _targets(signed) if kind == "ext:NQFLevel"}
        assert levels == {level}
        assert schema_errors(signed) == []


def test_tampered_crosswalk_fails_verification():
    cred = add_proofs(build_joint_award(_data()), [KEY_A, KEY_B, KEY_C])
    for alignment in cred["credentialSubject"]["achievement"]["alignment"]:
        if alignment["targetName"] == "niveau 7":
            alignment["targetName"] = "niveau 8"
    report = verify_credential(cred, resolver(), status_lists().get, now=NOW_DT)
    assert not report.ok


def test_crosswalk_entries_without_values_are_left_out():
    assert crosswalk_alignments({"institution": "A", "url": "https://a.example"}) == []
    only_level = crosswalk_alignments(
        {"institution": "A", "url": "https://a.example", "nqf_level": "6"}
    )
    assert [a["targetType"] for a in only_level] == ["ext:NQFLevel"]
    assert only_level[0]["targetFramework"] == "National qualifications framework"


@pytest.mark.parametrize("missing", ["institution", "url"])
def test_crosswalk_needs_institution_and_url(missing):
    item = dict(CROSSWALK[0])
    del item[missing]
    with pytest.raises(CredentialDataError, match=missing):
        build_joint_award(_data([item]))


def test_multiple_award_crosswalk_by_issuer_from_the_template():
    common = _data([])
    common["achievement"]["crosswalk_by_issuer"] = {
        UNI_A: CROSSWALK[:1],
        UNI_B: CROSSWALK[1:],
    }
    unsigned = build_multiple_award(
        common,
        [
            {
                "issuer": {"id": did, "name": name},
                "credential_id": f"urn:uuid:0000000{n}-0000-4000-8000-000000000000",
                "achievement_id": f"urn:uuid:1000000{n}-0000-4000-8000-000000000000",
            }
            for n, (did, name) in enumerate([(UNI_A, "A"), (UNI_B, "B")], 1)
        ],
    )
    levels = [
        {name for kind, name in _targets(cred) if kind == "ext:NQFLevel"}
        for cred in unsigned
    ]
    assert levels == [{"NFQ level 9"}, {"niveau 7"}]
    for cred in unsigned:
        assert "crosswalk_by_issuer" not in cred["credentialSubject"]["achievement"]
        assert schema_errors(add_proofs(cred, [KEY_A])) == []
