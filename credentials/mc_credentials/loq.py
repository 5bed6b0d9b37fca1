"""The programme catalogue in ELM: Learning Opportunities and Qualifications (LOQ).

:func:`build_loq` turns one published programme (plain dict) into a JSON-LD
document with the EDC application-profile context: the ``Qualification``
(title, learning outcomes, EQF and national levels, ISCED-F field, credits,
entry requirements, languages, mode, awarding bodies as awarding
opportunities) and one ``LearningOpportunity`` per edition (dates, provider,
application deadline, seats). :func:`build_loq_listing` merges several into
one ``@graph`` for harvesting (national qualification databases, the Europass
learning-opportunities portal). Validated by ``LOQ-constraints.ttl``.
"""

from __future__ import annotations

from typing import Any

from . import elm_vocab as V
from .credential import CredentialDataError
from .edc import EdcBuilder, _iso_day, _required
from .loader import EDC_AP_CONTEXT

#: The EDC context leaves ``id``/``type`` to the VC context; an LOQ export is no
#: credential, so it aliases them itself (without them every node would be blank
#: and untyped, and the shapes would pass vacuously).
LOQ_CONTEXT = [EDC_AP_CONTEXT, {"id": "@id", "type": "@type"}]


def _qualification(b: EdcBuilder, spec: dict[str, Any]) -> dict:
    """The programme's ``Qualification`` (the LOQ shape is closed: only ELM terms)."""
    outcomes = b.learning_outcomes(spec)
    if not outcomes:
        raise CredentialDataError("a published programme needs its learning outcomes")
    node: dict[str, Any] = {
        "id": b.cid,
        "type": "Qualification",
        "title": b.text(spec.get("title"), "programme.title"),
        "learningOutcome": outcomes,
        "eqfLevel": V.eqf_level(_required(spec, "eqf_level", "programme")),
        "thematicArea": [V.isced_f(c) for c in _required(spec, "isced_f", "programme")],
        "nqfLevel": [
            V.nqf_level(n.get("uri"), n["label"], n["key"])
            for n in _required(spec, "nqf", "programme")
        ],
        "language": [
            V.language(c) for c in spec.get("instruction_languages") or [b.primary]
        ],
        "dcType": V.concept(
            V.SHORT_LEARNING_PROGRAMME,
            V.LEARNING_OPPORTUNITY_SCHEME,
            "Short learning programme",
        ),
    }
    if spec.get("credits") not in (None, "", 0):
        node["creditPoint"] = [b.credit_point(spec["credits"], "programme")]
    if spec.get("workload_hours"):
        node["volumeOfLearning"] = f"PT{int(spec['workload_hours'])}H"
    if spec.get("mode"):
        node["mode"] = [V.mode(m) for m in spec["mode"]]
    if spec.get("entry_requirements"):
        node["entryRequirement"] = b.note(spec["entry_requirements"], "entry")
    if spec.get("learning_outcome_summary"):
        node["learningOutcomeSummary"] = b.note(
            spec["learning_outcome_summary"], "summary"
        )
    if spec.get("max_duration"):
        node["maximumDuration"] = spec["max_duration"]
    bodies = spec.get("awarding_bodies") or []
    node["awardingOpportunity"] = [
        {
            "id": b.node_id("awarding-opportunity", i),
            "type": "AwardingOpportunity",
            "awardingBody": [b.organisation(body)],
            "learningAchievementSpecification": {"id": b.cid},
        }
        for i, body in enumerate(bodies, 1)
    ]
    return node


def _opportunity(b: EdcBuilder, spec: dict, edition: dict, index: int) -> dict:
    """One edition of the programme as a ``LearningOpportunity``."""
    provider = edition.get("provider") or (spec.get("awarding_bodies") or [None])[0]
    if not provider:
        raise CredentialDataError("a programme edition needs its providing institution")
    node: dict[str, Any] = {
        "id": _required(edition, "id", "edition"),
        "type": "LearningOpportunity",
        "title": b.text(edition.get("title") or spec.get("title"), "edition.title"),
        "homepage": [
            {
                "id": b.node_id("edition-page", index),
                "type": "WebResource",
                "contentURL": edition.get("url")
                or spec.get("homepage")
                or _required(spec, "homepage", "programme"),
            }
        ],
        "providedBy": b.organisation(provider),
        "learningAchievementSpecification": {"id": b.cid},
        "elm:defaultLanguage": V.language(b.primary),
        "dcType": V.concept(
            V.SHORT_LEARNING_PROGRAMME,
            V.LEARNING_OPPORTUNITY_SCHEME,
            "Short learning programme",
        ),
    }
    if edition.get("start") or edition.get("end"):
        period = {"id": b.node_id("edition-period", index), "type": "PeriodOfTime"}
        if edition.get("start"):
            period["startDate"] = _iso_day(edition["start"])
        if edition.get("end"):
            period["endDate"] = _iso_day(edition["end"])
        node["temporal"] = period
    if edition.get("application_deadline"):
        node["applicationDeadline"] = _iso_day(edition["application_deadline"])
    if spec.get("mode"):
        node["mode"] = [V.mode(m) for m in spec["mode"]]
    if edition.get("seats_note"):
        node["scheduleInformation"] = b.note(edition["seats_note"], "seats", index)
    return node


def build_loq(programme: dict[str, Any]) -> dict:
    """LOQ JSON-LD of one published programme (``@graph``: qualification, editions)."""
    builder = EdcBuilder(
        {
            "id": _required(programme, "id", "programme"),
            "languages": programme.get("languages") or ["en"],
        }
    )
    graph = [_qualification(builder, programme)]
    graph += [
        _opportunity(builder, programme, edition, index)
        for index, edition in enumerate(programme.get("editions") or [], 1)
    ]
    doc = {
        "@context": [dict(c) if isinstance(c, dict) else c for c in LOQ_CONTEXT],
        "@graph": graph,
    }
    # No ``dateModified``: the EDC context types it ``@id``, so a date would become
    # an IRI and break the shape that wants an xsd:dateTime.
    return doc


def build_loq_listing(documents: list[dict]) -> dict:
    """One harvestable document with the graphs of several programmes."""
    return {
        "@context": [dict(c) if isinstance(c, dict) else c for c in LOQ_CONTEXT],
        "@graph": [node for doc in documents for node in doc["@graph"]],
    }
