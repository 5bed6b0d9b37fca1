"""The programme catalogue as ELM Learning Opportunities and Qualifications."""

from __future__ import annotations

import pytest

pytest.importorskip("pyshacl")

from edc_samples import ELM_DIR, programme  # noqa: E402

from mc_credentials import elm_conformance, loq  # noqa: E402
from mc_credentials.credential import CredentialDataError  # noqa: E402


def conforms(doc):
    ok, text, triples = elm_conformance.shacl_report(doc, ELM_DIR, ("loq",))
    return ok, text, triples


def test_programme_conforms_to_loq_shapes():
    doc = loq.build_loq(programme())
    ok, text, triples = conforms(doc)
    assert ok, text
    assert triples >= 120, f"only {triples} triples: a context was not loaded"
    qualification, first, second = doc["@graph"]
    assert qualification["type"] == "Qualification"
    assert qualification["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert qualification["creditPoint"][0]["point"] == "5"
    assert [
        o["awardingBody"][0]["id"] for o in qualification["awardingOpportunity"]
    ] == ["https://uni-a.example/", "https://uni-b.example/"]
    assert first["temporal"]["startDate"] == "2025-09-01T00:00:00Z"
    assert first["scheduleInformation"]["noteLiteral"] == {
        "en": "30 seats",
        "de": "30 Plätze",
    }
    assert first["learningAchievementSpecification"] == {"id": qualification["id"]}
    assert "temporal" in second and "applicationDeadline" not in second


def test_shapes_can_fail():
    doc = loq.build_loq(programme())
    del doc["@graph"][0]["nqfLevel"]
    ok, text, _n = conforms(doc)
    assert not ok and "NQFLevel" in text
    doc = loq.build_loq(programme())
    doc["@graph"][1]["providedBy"] = {
        "id": "https://x.example/",
        "type": "Organisation",
    }
    ok, text, _n = conforms(doc)
    assert not ok


def test_closed_qualification_shape_rejects_foreign_terms():
    doc = loq.build_loq(programme())
    doc["@graph"][0]["elm:awardingBody"] = {"id": "https://uni-a.example/"}
    ok, text, _n = conforms(doc)
    assert not ok and "awardingBody" in text


def test_listing_merges_programmes():
    one = loq.build_loq(programme())
    two = loq.build_loq(
        programme(id="https://uni-a.example/mc/programmes/8", editions=[])
    )
    listing = loq.build_loq_listing([one, two])
    assert len(listing["@graph"]) == 4
    ok, text, triples = conforms(listing)
    assert ok, text
    assert triples > conforms(one)[2]


def test_missing_elements_are_explained():
    with pytest.raises(CredentialDataError, match="learning outcomes"):
        loq.build_loq(programme(learning_outcomes=[]))
    with pytest.raises(CredentialDataError, match="nqf"):
        loq.build_loq(programme(nqf=[]))


def test_six_languages_and_markup():
    langs = ["en", "fr", "de", "es", "it", "nl"]
    title = {lang: f"<i>AI</i> & co ({lang})" for lang in langs}
    doc = loq.build_loq(programme(languages=langs, title=title))
    assert doc["@graph"][0]["title"] == title
    assert conforms(doc)[0]
