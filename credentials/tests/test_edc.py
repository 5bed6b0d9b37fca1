"""European Digital Credentials: EBSI JSON Schema and ELM 3.2 SHACL shapes."""

from __future__ import annotations

import copy

import pytest

pytest.importorskip("pyshacl")
pytest.importorskip("referencing")

from edc_samples import (  # noqa: E402
    CONTEXT,
    EDC_SCHEMA_DIR,
    ELM_DIR,
    UNI_A,
    UNI_B,
    UNI_C,
    award,
    minimal_award,
)

from mc_credentials import edc, elm_conformance  # noqa: E402
from mc_credentials.credential import CredentialDataError  # noqa: E402
from mc_credentials.elm_vocab import VocabularyError  # noqa: E402

#: Fewer triples than this means a context was not loaded (terms dropped).
MIN_TRIPLES = 80


def assert_conforms(cred: dict, profiles=("generic",), min_triples=MIN_TRIPLES):
    errors = elm_conformance.schema_errors(cred, EDC_SCHEMA_DIR)
    assert errors == [], errors[:5]
    conforms, text, triples = elm_conformance.shacl_report(cred, ELM_DIR, profiles)
    assert conforms, text[:3000]
    assert triples >= min_triples, f"only {triples} triples: a context was not loaded"
    return triples


def multiple():
    return edc.build_multiple_edcs(
        award(),
        [
            {
                "organisation": UNI_A,
                "id": "urn:uuid:00000000-0000-4000-8000-00000000000a",
                "local_names": {"de": "Angewandte KI (Hochschulzertifikat)"},
                "nqf": [{"key": "de-dqr-6", "label": "DQR 6"}],
            },
            {
                "organisation": dict(UNI_B, registration="FR-RNE-1"),
                "id": "urn:uuid:00000000-0000-4000-8000-00000000000b",
                "local_names": {"en": "Certificat d'IA appliquée"},
                "nqf": [{"key": "fr-rncp-6", "label": "RNCP niveau 6"}],
            },
        ],
    )


def test_checks_can_fail():
    """The schema and shapes reject an empty object and an EDC without learner claim."""
    assert len(elm_conformance.schema_errors({}, EDC_SCHEMA_DIR)) == 14
    cred = edc.build_edc(minimal_award())
    del cred["credentialSubject"]["hasClaim"][0]["awardedBy"]
    assert elm_conformance.schema_errors(cred, EDC_SCHEMA_DIR)
    cred = edc.build_edc(minimal_award())
    del cred["issued"]
    conforms, text, _n = elm_conformance.shacl_report(cred, ELM_DIR)
    assert not conforms and "cred:issued" in text


def test_issued_needs_our_context():
    """Without the one-term context the shapes miss cred:issued (VC 1.1 vs 2.0)."""
    cred = edc.build_edc(minimal_award())
    cred["@context"] = cred["@context"][:2]
    conforms, text, _n = elm_conformance.shacl_report(cred, ELM_DIR)
    assert not conforms and "cred:issued" in text
    assert elm_conformance.schema_errors(cred, EDC_SCHEMA_DIR) == []


def test_single_award_without_optional_elements():
    cred = edc.build_edc(minimal_award())
    assert_conforms(cred)
    spec = cred["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    assert "eqfLevel" not in spec and "creditPoint" not in spec


def test_joint_award_by_mandate():
    cred = edc.build_joint_edc(award())
    triples = assert_conforms(cred, ("generic", "mandate"), 250)
    claim = cred["credentialSubject"]["hasClaim"][0]
    bodies = [b["id"] for b in claim["awardedBy"]["awardingBody"]]
    assert bodies == [UNI_A["id"], UNI_B["id"], UNI_C["id"]]
    assert cred["issuer"]["id"] == UNI_A["id"]
    assert cred["evidence"][0]["evidenceStatement"].startswith("Université B")
    assert triples > 250


def test_joint_award_fails_mandate_shape_without_evidence():
    cred = edc.build_joint_edc(award())
    del cred["evidence"]
    conforms, text, _n = elm_conformance.shacl_report(
        cred, ELM_DIR, ("generic", "mandate")
    )
    assert not conforms and "cred:evidence" in text
    with pytest.raises(CredentialDataError, match="mandate"):
        edc.build_joint_edc(award(mandates=[]))


def test_annex_one_elements():
    cred = edc.build_joint_edc(award())
    claim = cred["credentialSubject"]["hasClaim"][0]
    spec = claim["specifiedBy"]
    assert spec["title"] == {"en": "Applied AI", "de": "Angewandte KI"}
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert spec["thematicArea"][0]["id"] == "http://data.europa.eu/snb/isced-f/0613"
    assert spec["creditPoint"][0]["framework"]["id"].endswith(
        "education-credit/6fcec5c5af"
    )
    assert spec["creditPoint"][0]["point"] == "5"
    assert spec["volumeOfLearning"] == "PT125H"
    assert spec["language"][0]["id"].endswith("/language/ENG")
    assert spec["mode"][0]["id"].endswith("learning-assessment/e92d221e4d")
    assert len(spec["learningOutcome"]) == 2
    assert spec["entryRequirement"]["noteLiteral"]["en"] == "A bachelor's degree."
    notes = {n["id"].rsplit(":", 1)[-1] for n in spec["additionalNote"]}
    assert {
        "quality-assurance-1",
        "integration-1",
        "further-information-1",
        "prerequisites-1",
    } <= notes
    assessment = claim["provenBy"][0]
    assert assessment["grade"]["noteLiteral"]["en"] == "1.3 (very good)"
    assert assessment["idVerification"]["id"].endswith("c598449d64")
    assert cred["issuer"]["location"]["address"]["countryCode"]["id"].endswith(
        "country/DEU"
    )
    assert claim["awardedBy"]["awardingDate"] == "2025-01-15T10:00:00Z"
    assert cred["credentialSubject"]["fullName"] == {"en": "Ana Andromeda"}


def test_multiple_award_names_the_others():
    edcs = multiple()
    assert len(edcs) == 2
    for cred in edcs:
        assert_conforms(cred)
    first, second = edcs
    assert (
        first["issuer"]["id"] == UNI_A["id"] and second["issuer"]["id"] == UNI_B["id"]
    )
    spec = first["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    others = [o["awardingBody"][0]["id"] for o in spec["awardingOpportunity"]]
    assert others == [UNI_B["id"]]
    assert spec["altLabel"]["de"] == "Angewandte KI (Hochschulzertifikat)"
    assert spec["nqfLevel"][0]["prefLabel"] == {"en": "DQR 6"}
    spec2 = second["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    assert spec2["nqfLevel"][0]["prefLabel"] == {"en": "RNCP niveau 6"}


def test_supplement_profile():
    cred = edc.build_supplement_edc(award())
    assert_conforms(cred, ("generic", "supplement"), 300)
    assert cred["credentialProfiles"][0]["id"].endswith("credential/6dff8a0f87")
    spec = cred["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    assert [p["title"]["en"] for p in spec["hasPart"]] == [
        "Machine learning",
        "AI project",
    ]


def test_supplement_needs_birth_date():
    data = award()
    del data["learner"]["date_of_birth"]
    with pytest.raises(CredentialDataError, match="date of birth"):
        edc.build_supplement_edc(data)


def test_markup_in_names_stays_data():
    name = '<script>alert("x")</script> O\'Brien & <b>Ana</b>'
    data = award()
    data["learner"]["full_name"] = name
    cred = edc.build_joint_edc(data)
    assert_conforms(cred, ("generic", "mandate"))
    assert cred["credentialSubject"]["fullName"]["en"] == name


def test_six_languages():
    langs = ["en", "fr", "de", "es", "it", "nl"]
    title = {
        "en": "Applied AI",
        "fr": "IA appliquée",
        "de": "Angewandte KI",
        "es": "IA aplicada",
        "it": "IA applicata",
        "nl": "Toegepaste AI",
    }
    data = award(languages=langs)
    data["achievement"]["title"] = title
    cred = edc.build_joint_edc(data)
    assert_conforms(cred, ("generic", "mandate"))
    assert cred["credentialSubject"]["hasClaim"][0]["title"] == title
    displays = cred["displayParameter"]["individualDisplay"]
    assert [d["language"]["id"][-3:] for d in displays] == [
        "ENG",
        "FRA",
        "DEU",
        "SPA",
        "ITA",
        "NLD",
    ]
    # a language without its own text reads the primary one
    assert (
        cred["credentialSubject"]["hasClaim"][0]["specifiedBy"]["learningOutcome"][1][
            "title"
        ]["nl"]
        == "Evaluate a model"
    )


def test_bad_input_is_explained():
    with pytest.raises(VocabularyError, match="EQF"):
        edc.build_edc(
            minimal_award(
                achievement={
                    "id": "x:1",
                    "title": "T",
                    "eqf_level": 9,
                    "assessment": {"grade": "P"},
                }
            )
        )
    with pytest.raises(VocabularyError, match="country"):
        edc.build_edc(minimal_award(issuer=dict(UNI_A, country="XX")))
    with pytest.raises(CredentialDataError, match="registration"):
        edc.build_edc(
            minimal_award(
                issuer={"id": "https://x.example/", "name": "X", "country": "DE"}
            )
        )
    with pytest.raises(CredentialDataError, match="full_name"):
        edc.build_edc(minimal_award(learner={"id": "urn:uuid:1"}))


def test_no_description_term():
    """VC 2.0 protects ``description``; the EDC context redefines it: never emit it."""
    text = str(edc.build_supplement_edc(award()))
    assert "'description'" not in text


def test_context_urls():
    cred = edc.build_edc(minimal_award())
    assert cred["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "http://data.europa.eu/snb/model/context/edc-ap",
        CONTEXT,
    ]
    inlined = elm_conformance.inline_contexts(copy.deepcopy(cred))
    assert all(isinstance(c, dict) for c in inlined["@context"])


def test_joint_award_carries_every_partner_crosswalk():
    """The crosswalk of a joint award: every partner's national framework level
    and a note with each one's local award, still valid."""
    data = award()
    data["achievement"] = dict(
        data["achievement"],
        nqf=[
            {"key": "de-dqr-6", "label": "DQR 6"},
            {"key": "fr-rncp-6", "label": "RNCP niveau 6"},
        ],
        crosswalk={
            "en": "Recognised at Université B as Certificat d'IA appliquée.",
            "de": "An der Université B anerkannt als Certificat d'IA appliquée.",
        },
    )
    cred = edc.build_joint_edc(data)
    assert_conforms(cred, ("generic", "mandate"))
    spec = cred["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    assert {n["prefLabel"]["en"] for n in spec["nqfLevel"]} == {
        "DQR 6",
        "RNCP niveau 6",
    }
    notes = [n["noteLiteral"] for n in spec["additionalNote"]]
    assert data["achievement"]["crosswalk"] in notes


def test_multiple_edcs_each_its_own_crosswalk_note():
    data = award(co_awarders=[], mandates=[])
    data["achievement"] = dict(
        data["achievement"],
        crosswalk_by_issuer={
            UNI_A["id"]: {"en": "Recognised at University A as AI certificate."},
            UNI_B["id"]: {"en": "Recognised at Université B as Certificat d'IA."},
        },
    )
    edcs = edc.build_multiple_edcs(
        data,
        [
            {
                "organisation": UNI_A,
                "id": "urn:uuid:00000000-0000-4000-8000-00000000000a",
            },
            {
                "organisation": dict(UNI_B, registration="FR-RNE-1"),
                "id": "urn:uuid:00000000-0000-4000-8000-00000000000b",
            },
        ],
    )
    for cred, own in zip(edcs, ("University A", "Université B"), strict=True):
        assert_conforms(cred)
        spec = cred["credentialSubject"]["hasClaim"][0]["specifiedBy"]
        notes = " ".join(n["noteLiteral"]["en"] for n in spec["additionalNote"])
        assert f"Recognised at {own}" in notes
        assert "crosswalk_by_issuer" not in str(cred)


STACKED = [
    {
        "title": {"en": "Data Stewardship (CMF)"},
        "credential_id": "urn:uuid:7a1c4e0e-0000-4000-8000-00000000cafe",
        "issuer": UNI_B,
        "awarded": "2024-06-30",
        "credits": 6,
        "grade": {"en": "Passed"},
    }
]


def _stacked_nodes(cred):
    claim = cred["credentialSubject"]["hasClaim"][0]
    return [p for p in claim.get("hasPart", []) if "stacked-" in p["id"]]


def test_milestone_names_stacked_awards_as_parts():
    """A milestone award names the prior award stacked into it with ELM
    ``hasPart`` (LearningAchievement to LearningAchievement): both the EBSI
    schema and the SHACL shapes hold, with more triples than without it."""
    plain = edc.build_edc(minimal_award())
    cred = edc.build_edc(minimal_award(stacked=copy.deepcopy(STACKED)))
    triples_plain = assert_conforms(plain)
    triples = assert_conforms(cred)
    assert triples > triples_plain + 10
    [node] = _stacked_nodes(cred)
    assert node["type"] == "LearningAchievement"
    assert node["identifier"]["notation"] == STACKED[0]["credential_id"]
    assert node["awardedBy"]["awardingBody"][0]["id"] == UNI_B["id"]
    assert node["awardedBy"]["awardingDate"] == "2024-06-30T00:00:00Z"
    assert node["creditReceived"][0]["point"] == "6"
    assert node["provenBy"][0]["grade"]["noteLiteral"] == {"en": "Passed"}


def test_joint_and_supplement_keep_their_components_and_stacked_awards():
    data = award(stacked=copy.deepcopy(STACKED))
    assert_conforms(edc.build_joint_edc(data), ("generic", "mandate"), 250)
    cred = edc.build_supplement_edc(data)
    assert_conforms(cred, ("generic", "supplement"), 300)
    parts = cred["credentialSubject"]["hasClaim"][0]["hasPart"]
    assert len(parts) == 3 and len(_stacked_nodes(cred)) == 1


def test_stacked_award_shape_failures_are_caught():
    """The stacked node must be a LearningAchievement: the shapes refuse another
    class, so the test above can fail."""
    cred = edc.build_edc(minimal_award(stacked=copy.deepcopy(STACKED)))
    _stacked_nodes(cred)[0]["type"] = "LearningActivity"
    conforms, _text, _triples = elm_conformance.shacl_report(
        cred, ELM_DIR, ("generic",)
    )
    assert not conforms


def test_stacked_award_needs_its_credential_id():
    item = dict(STACKED[0])
    del item["credential_id"]
    with pytest.raises(CredentialDataError, match="stacked award 1"):
        edc.build_edc(minimal_award(stacked=[item]))


def test_read_edc_gives_what_a_registry_recognises():
    facts = edc.read_edc(edc.build_edc(award(valid_until="2030-01-15T10:00:00Z")))
    assert facts["id"] == award()["id"]
    assert facts["issuer_id"] == UNI_A["id"]
    assert facts["issuer_name"] == "University A"
    assert facts["title"] == "Applied AI"
    assert facts["credits"] == 5.0
    assert facts["emails"] == ["ana@example.org"]
    assert facts["awarded"] == "2025-01-15T10:00:00Z"
    assert facts["status"] is None
    assert edc.read_edc("not a document")["issuer_id"] is None


def test_validity_of_an_edc():
    from datetime import datetime, timezone

    from mc_credentials.verify import VerificationReport

    facts = edc.read_edc(edc.build_edc(award(valid_until="2026-01-15T10:00:00Z")))

    def check(at):
        report = VerificationReport()
        edc.check_validity(report, facts, at)
        return report.checks[0].code

    assert check(datetime(2025, 6, 1, tzinfo=timezone.utc)) == "dates_valid"
    assert check(datetime(2026, 6, 1, tzinfo=timezone.utc)) == "expired"
    assert check(datetime(2024, 6, 1, tzinfo=timezone.utc)) == "not_yet_valid"
    vc11 = {"issuanceDate": "2025-01-15T10:00:00Z", "expirationDate": "bad"}
    report = VerificationReport()
    edc.check_validity(report, edc.read_edc(vc11), datetime.now(timezone.utc))
    assert report.checks[0].code == "dates_invalid"
