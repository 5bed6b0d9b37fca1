"""Build European Digital Credentials (ELM 3.2, W3C VC 2.0) from plain dicts.

No Odoo types: the caller passes dicts, strings and numbers (see
``credentials/README.md`` for the input shape). The output is the unsigned
EDC payload; :mod:`mc_credentials.jades` seals it.

Design choices (docs/CREDENTIALS.md, "European Digital Credentials"):

* ``@context`` is ``[VC 2.0, EDC application profile, ISSUED_CONTEXT]``. The
  ELM 3.2 shapes require ``cred:issued`` (a VC 1.1 term that the VC 2.0
  context no longer maps) while the EBSI schema wants an ``issued`` property
  on VC 2.0: the third, tiny context of our own maps ``issued`` to that IRI,
  so both checks hold.
* The VC 2.0 context protects ``description`` and the EDC context redefines
  it; strict JSON-LD 1.1 processors reject that redefinition and lenient ones
  keep the VC meaning. No EDC of ours uses ``description``: descriptive text
  goes in ``additionalNote`` / ``learningOutcomeSummary`` notes.
* Annex I elements of the 2022 Council Recommendation map as in the
  Commission's own sample (``Sample-MC-Annex1-unsigned.jsonld``).
"""

from __future__ import annotations

import base64
import struct
import zlib
from datetime import datetime
from functools import cache
from typing import Any

from . import elm_vocab as V
from .credential import CredentialDataError, _iso
from .loader import EDC_AP_CONTEXT, VC_V2_CONTEXT
from .verify import _check_validity

#: Path (under the issuer's base URL) of our one-term context for ``issued``.
ISSUED_CONTEXT_PATH = "/mc_edc/contexts/edc-issued-v1.jsonld"
ISSUED_CONTEXT_DOCUMENT = {
    "@context": {
        "issued": {
            "@id": "https://www.w3.org/2018/credentials#issued",
            "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
        }
    }
}
EDC_TYPES = [
    "VerifiableCredential",
    "VerifiableAttestation",
    "EuropeanDigitalCredential",
]
SCHEMA_GENERIC = "http://data.europa.eu/snb/model/ap/edc-generic-full"
SCHEMA_MANDATE = "http://data.europa.eu/snb/model/ap/edc-issued-by-mandate"
SCHEMA_SUPPLEMENT = "http://data.europa.eu/snb/model/ap/edc-diploma-supplement"


class EdcBuilder:
    """Builds one EDC; ``data`` is the plain-dict input of one credential."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.cid = _required(data, "id", "credential")
        languages = data.get("languages") or ["en"]
        self.langs = list(dict.fromkeys(V.lang_key(code) for code in languages))
        self.primary = self.langs[0]
        self._orgs: dict[str, dict] = {}

    # -- small nodes -------------------------------------------------------

    def node_id(self, kind: str, key: Any = 1) -> str:
        """A stable node id inside this credential (``<credential id>#kind-key``)."""
        base = self.cid if self.cid.startswith("urn:") else self.cid + "#"
        sep = ":" if self.cid.startswith("urn:") else ""
        return f"{base}{sep}{kind}-{key}"

    def text(self, value: Any, where: str, required: bool = True) -> dict | None:
        """A language map restricted to the document languages.

        ``value`` is a ``{lang: text}`` dict or a plain string (primary language).
        Missing languages fall back to the primary text so that every document
        language reads a value; markup is kept verbatim (JSON escapes it).
        """
        if isinstance(value, str):
            value = {self.primary: value}
        value = {V.lang_key(k): v for k, v in (value or {}).items() if v}
        if not value:
            if required:
                raise CredentialDataError(f"{where} is required")
            return None
        fallback = value.get(self.primary) or next(iter(value.values()))
        return {lang: value.get(lang) or fallback for lang in self.langs}

    def single(self, value: Any, where: str) -> dict:
        """A one-language map (ELM ``LangStringType``: names of persons)."""
        if isinstance(value, dict):
            value = value.get(self.primary) or next(iter(value.values()), "")
        if not value:
            raise CredentialDataError(f"{where} is required")
        return {self.primary: value}

    def note(self, value: Any, kind: str, key: Any = 1) -> dict:
        """An ELM ``Note``."""
        return {
            "id": self.node_id(kind, key),
            "type": "Note",
            "noteLiteral": self.text(value, kind),
        }

    # -- organisations -----------------------------------------------------

    @staticmethod
    def org_node_id(org_id: str, kind: str) -> str:
        """Node id of an organisation's part: the same in every document, so
        that merged documents (the LOQ listing) keep one value per property."""
        return f"{org_id}:{kind}" if org_id.startswith("urn:") else f"{org_id}#{kind}"

    def organisation(self, org: dict[str, Any]) -> dict:
        """An ELM ``Organisation`` (repeated verbatim wherever it is referenced)."""
        oid = _required(org, "id", "organisation")
        if oid in self._orgs:
            return self._orgs[oid]
        node: dict[str, Any] = {
            "id": oid,
            "type": "Organisation",
            "legalName": self.text(org.get("name"), "organisation.name"),
            "location": {
                "id": self.org_node_id(oid, "location"),
                "type": "Location",
                "address": {
                    "id": self.org_node_id(oid, "address"),
                    "type": "Address",
                    "countryCode": V.country(
                        _required(org, "country", f"organisation {oid}")
                    ),
                },
            },
        }
        if org.get("url"):
            node["homepage"] = {
                "id": self.org_node_id(oid, "homepage"),
                "type": "WebResource",
                "contentURL": org["url"],
            }
        if org.get("registration"):
            node["registration"] = self.legal_id(org, "registration")
            # eIDAS legal identifier of the sealing organisation (ELM IssuerNode).
            node["eIDASIdentifier"] = self.legal_id(org, "eidas")
        if org.get("email"):
            node["contactPoint"] = {
                "id": self.org_node_id(oid, "contact"),
                "type": "ContactPoint",
                "emailAddress": {"id": "mailto:" + org["email"], "type": "Mailbox"},
            }
        self._orgs[oid] = node
        return node

    def legal_id(self, org: dict[str, Any], kind: str) -> dict:
        """The organisation's registration as an ELM ``LegalIdentifier``."""
        return {
            "id": self.org_node_id(org["id"], f"{kind}-id"),
            "type": "LegalIdentifier",
            "notation": org["registration"],
            "spatial": V.country(org["country"]),
        }

    # -- the learner -------------------------------------------------------

    def person(self, learner: dict[str, Any]) -> dict:
        """The learner as an ELM ``Person``."""
        node: dict[str, Any] = {
            "id": _required(learner, "id", "learner"),
            "type": "Person",
            "fullName": self.single(learner.get("full_name"), "learner.full_name"),
        }
        for key, prop in (("given_name", "givenName"), ("family_name", "familyName")):
            if learner.get(key):
                node[prop] = self.single(learner[key], key)
        if learner.get("date_of_birth"):
            node["dateOfBirth"] = _iso_day(learner["date_of_birth"])
        if learner.get("email"):
            node["contactPoint"] = {
                "id": self.node_id("contact", "learner"),
                "type": "ContactPoint",
                "emailAddress": {"id": "mailto:" + learner["email"], "type": "Mailbox"},
            }
        if learner.get("national_id") and learner.get("country"):
            node["nationalID"] = {
                "id": self.node_id("national-id"),
                "type": "LegalIdentifier",
                "notation": learner["national_id"],
                "spatial": V.country(learner["country"]),
            }
        return node

    # -- the achievement ---------------------------------------------------

    def learning_outcomes(self, spec: dict[str, Any]) -> list[dict]:
        """``LearningOutcome`` nodes (ESCO skills as concepts when given)."""
        outcomes = []
        for index, outcome in enumerate(spec.get("learning_outcomes") or [], 1):
            if not isinstance(outcome, dict) or "title" not in outcome:
                outcome = {"title": outcome}
            node = {
                "id": self.node_id("learning-outcome", index),
                "type": "LearningOutcome",
                "title": self.text(outcome["title"], "learning outcome"),
            }
            skills = [
                V.concept(uri, "http://data.europa.eu/esco/concept-scheme/skills")
                for uri in outcome.get("esco_skills") or []
            ]
            if skills:
                node["relatedESCOSkill"] = skills
            outcomes.append(node)
        return outcomes

    def qualification(self, spec: dict[str, Any], bodies: list[dict]) -> dict:
        """The ``Qualification`` the learner achieved (its specification)."""
        node: dict[str, Any] = {
            "id": _required(spec, "id", "achievement"),
            "type": "Qualification",
            "title": self.text(spec.get("title"), "achievement.title"),
            "dcType": V.concept(
                V.SHORT_LEARNING_PROGRAMME,
                V.LEARNING_OPPORTUNITY_SCHEME,
                "Short learning programme",
            ),
        }
        outcomes = self.learning_outcomes(spec)
        if outcomes:
            node["learningOutcome"] = outcomes
        if spec.get("learning_outcome_summary"):
            node["learningOutcomeSummary"] = self.note(
                spec["learning_outcome_summary"], "outcome-summary"
            )
        if spec.get("credits") not in (None, "", 0):
            node["creditPoint"] = [self.credit_point(spec["credits"], "spec")]
        if spec.get("workload_hours"):
            node["volumeOfLearning"] = f"PT{int(spec['workload_hours'])}H"
        if spec.get("eqf_level"):
            node["eqfLevel"] = V.eqf_level(spec["eqf_level"])
        nqf = [
            V.nqf_level(n.get("uri"), n["label"], n["key"])
            for n in spec.get("nqf") or []
        ]
        if nqf:
            node["nqfLevel"] = nqf
        if spec.get("isced_f"):
            node["thematicArea"] = [V.isced_f(code) for code in spec["isced_f"]]
        if spec.get("instruction_languages"):
            node["language"] = [V.language(c) for c in spec["instruction_languages"]]
        if spec.get("mode"):
            node["mode"] = [V.mode(m) for m in _as_list(spec["mode"])]
        if spec.get("max_duration"):
            node["maximumDuration"] = spec["max_duration"]
        if spec.get("entry_requirements"):
            node["entryRequirement"] = self.note(spec["entry_requirements"], "entry")
        if spec.get("homepage"):
            node["homepage"] = [
                {
                    "id": self.node_id("programme-page"),
                    "type": "WebResource",
                    "contentURL": spec["homepage"],
                }
            ]
        notes = self.additional_notes(spec)
        if notes:
            node["additionalNote"] = notes
        if spec.get("local_names"):
            node["altLabel"] = self.text(spec["local_names"], "local name")
        node["isPartialQualification"] = bool(spec.get("partial", False))
        if bodies:
            node["awardingOpportunity"] = [
                {
                    "id": self.node_id("awarding-opportunity", i),
                    "type": "AwardingOpportunity",
                    "awardingBody": [self.organisation(body)],
                }
                for i, body in enumerate(bodies, 1)
            ]
        return node

    def additional_notes(self, spec: dict[str, Any]) -> list[dict]:
        """Annex I elements that ELM holds as notes (quality assurance...)."""
        notes = []
        for key in (
            "quality_assurance",
            "integration",
            "further_information",
            "prerequisites",
            "participation_note",
            "crosswalk",
        ):
            if spec.get(key):
                notes.append(self.note(spec[key], key.replace("_", "-")))
        return notes

    def credit_point(self, credits: Any, key: str) -> dict:
        """ECTS credit points."""
        try:
            value = float(credits)
        except (TypeError, ValueError):
            raise CredentialDataError(
                f"credits must be a number, got {credits!r}"
            ) from None
        point = str(int(value)) if value == int(value) else str(value)
        return {
            "id": self.node_id("credit", key),
            "type": "CreditPoint",
            "framework": V.ects(),
            "point": point,
        }

    def assessment(self, spec: dict[str, Any], awarding: dict) -> dict:
        """``LearningAssessment``: type of assessment, grade, supervision."""
        assess = spec.get("assessment") or {}
        node: dict[str, Any] = {
            "id": self.node_id("assessment"),
            "type": "LearningAssessment",
            "title": self.text(
                assess.get("title") or spec.get("title"), "assessment.title"
            ),
            "grade": self.note(assess.get("grade") or {}, "grade"),
            "awardedBy": awarding,
        }
        spec_node: dict[str, Any] = {
            "id": self.node_id("assessment-spec"),
            "type": "LearningAssessmentSpecification",
            "title": self.text(
                assess.get("type") or assess.get("title") or spec.get("title"),
                "assessment type",
            ),
        }
        if assess.get("mode"):
            spec_node["mode"] = [V.mode(m) for m in _as_list(assess["mode"])]
        node["specifiedBy"] = spec_node
        verification = assess.get("id_verification")
        if verification:
            node["idVerification"] = V.concept(
                verification["uri"], V.SUPERVISION_SCHEME, verification.get("label")
            )
        if assess.get("supervision_note"):
            node["additionalNote"] = [
                self.note(assess["supervision_note"], "supervision")
            ]
        return node

    def achievement(self, bodies: list[dict], opportunity_bodies: list[dict]) -> dict:
        """The ``LearningAchievement`` claim with its awarding process."""
        data, spec = self.data, self.data.get("achievement") or {}
        awarding = {
            "id": self.node_id("awarding-process"),
            "type": "AwardingProcess",
            "awardingBody": [self.organisation(body) for body in bodies],
            "awardingDate": _iso(_required(data, "issued", "credential")),
        }
        claim: dict[str, Any] = {
            "id": self.node_id("achievement"),
            "type": "LearningAchievement",
            "title": self.text(spec.get("title"), "achievement.title"),
            "awardedBy": awarding,
            "specifiedBy": self.qualification(spec, opportunity_bodies),
            "provenBy": [self.assessment(spec, awarding)],
        }
        if data.get("credits_earned") not in (None, "", 0):
            claim["creditReceived"] = [
                self.credit_point(data["credits_earned"], "earned")
            ]
        if data.get("activity_start") or data.get("activity_end"):
            claim["influencedBy"] = [self.activity(spec, awarding)]
        parts = [
            self.part(i, part, awarding)
            for i, part in enumerate(data.get("parts") or [], 1)
        ] + [
            self.stacked(i, item) for i, item in enumerate(data.get("stacked") or [], 1)
        ]
        if parts:
            claim["hasPart"] = parts
        return claim

    def activity(self, spec: dict[str, Any], awarding: dict) -> dict:
        """``LearningActivity`` with the period of study."""
        period = {"id": self.node_id("period"), "type": "PeriodOfTime"}
        if self.data.get("activity_start"):
            period["startDate"] = _iso_day(self.data["activity_start"])
        if self.data.get("activity_end"):
            period["endDate"] = _iso_day(self.data["activity_end"])
        return {
            "id": self.node_id("activity"),
            "type": "LearningActivity",
            "title": self.text(spec.get("title"), "activity"),
            "awardedBy": awarding,
            "temporal": [period],
        }

    def part(self, index: int, part: dict[str, Any], awarding: dict) -> dict:
        """A component (course) achievement, for the supplement's programme details."""
        node = {
            "id": self.node_id("part", index),
            "type": "LearningAchievement",
            "title": self.text(part.get("title"), "part.title"),
            "awardedBy": awarding,
        }
        if part.get("credits") not in (None, "", 0):
            node["creditReceived"] = [
                self.credit_point(part["credits"], f"part-{index}")
            ]
        assessment = {
            "id": self.node_id("part-assessment", index),
            "type": "LearningAssessment",
            "title": node["title"],
            "awardedBy": awarding,
            "grade": self.note(
                part.get("grade")
                or self.data["achievement"].get("assessment", {}).get("grade"),
                "part-grade",
                index,
            ),
        }
        node["provenBy"] = [assessment]
        return node

    def stacked(self, index: int, item: dict[str, Any]) -> dict:
        """A prior award stacked into this one (recognised by the registry).

        ELM 3.2 names the smaller achievements that make up an achievement with
        ``hasPart`` on the ``LearningAchievement`` (its target class is
        ``LearningAchievement``; ELM has no ``wasDerivedFrom`` term). Each
        stacked award keeps its own awarding body and date, its credits and,
        as its ``identifier``, the id of the credential that proves it.
        """
        where = f"stacked award {index}"
        awarded = _required(item, "awarded", where)
        node: dict[str, Any] = {
            "id": self.node_id("stacked", index),
            "type": "LearningAchievement",
            "title": self.text(item.get("title"), f"{where}: title"),
            "identifier": {
                "id": self.node_id("stacked-identifier", index),
                "type": "Identifier",
                "schemeName": "Credential id",
                "notation": _required(item, "credential_id", where),
            },
            "awardedBy": {
                "id": self.node_id("stacked-awarding", index),
                "type": "AwardingProcess",
                "awardingBody": [self.organisation(_required(item, "issuer", where))],
                "awardingDate": _iso(awarded)
                if isinstance(awarded, datetime)
                else _iso_day(awarded),
            },
        }
        if item.get("credits") not in (None, "", 0):
            node["creditReceived"] = [
                self.credit_point(item["credits"], f"stacked-{index}")
            ]
        node["provenBy"] = [
            {
                "id": self.node_id("stacked-assessment", index),
                "type": "LearningAssessment",
                "title": node["title"],
                "awardedBy": node["awardedBy"],
                "grade": self.note(
                    _required(item, "grade", where), "stacked-grade", index
                ),
            }
        ]
        return node

    # -- display -------------------------------------------------------------

    def display(self) -> dict:
        """``DisplayParameter``: title, languages and one image per language."""
        image = self.data.get("display_image") or placeholder_png()
        title = self.text(
            self.data.get("display_title")
            or (self.data.get("achievement") or {}).get("title"),
            "display title",
        )
        displays = []
        for index, lang in enumerate(self.langs, 1):
            displays.append(
                {
                    "id": self.node_id("individual-display", index),
                    "type": "IndividualDisplay",
                    "language": V.language(lang),
                    "displayDetail": [
                        {
                            "id": self.node_id("display-detail", index),
                            "type": "DisplayDetail",
                            "page": 1,
                            "image": self.media(image, f"display-{index}"),
                        }
                    ],
                }
            )
        return {
            "id": self.node_id("display"),
            "type": "DisplayParameter",
            "title": title,
            "language": [V.language(lang) for lang in self.langs],
            "primaryLanguage": V.language(self.primary),
            "individualDisplay": displays,
        }

    def media(self, png: bytes, key: str) -> dict:
        """A base64 PNG ``MediaObject``."""
        return {
            "id": self.node_id("media", key),
            "type": "MediaObject",
            "content": _b64(png),
            "contentEncoding": V.concept(V.BASE64, V.ENCODING_SCHEME, "base64"),
            "contentType": V.concept(
                V.AUTHORITY + "file-type/PNG", V.FILE_TYPE_SCHEME, "PNG", "file-type"
            ),
        }

    # -- the credential ------------------------------------------------------

    def build(self, bodies, opportunity_bodies, profiles, schemas, evidence=None):
        """Assemble the credential."""
        data = self.data
        issuer = self.organisation(_required(data, "issuer", "credential"))
        if "eIDASIdentifier" not in issuer:
            raise CredentialDataError(
                "the issuing institution needs its legal registration number"
            )
        subject = self.person(_required(data, "learner", "credential"))
        subject["hasClaim"] = [self.achievement(bodies, opportunity_bodies)]
        cred: dict[str, Any] = {
            "@context": [
                VC_V2_CONTEXT,
                EDC_AP_CONTEXT,
                _required(data, "issued_context", "credential"),
            ],
            "id": self.cid,
            "type": list(EDC_TYPES),
            "credentialProfiles": [V.credential_type(p) for p in profiles],
            "credentialSchema": [
                {"id": s, "type": "ShaclValidator2017"} for s in schemas
            ],
            "displayParameter": self.display(),
            "issuer": issuer,
            "issued": _iso(data["issued"]),
            "validFrom": _iso(data.get("valid_from") or data["issued"]),
            "credentialSubject": subject,
        }
        if data.get("valid_until"):
            cred["validUntil"] = _iso(data["valid_until"])
        if data.get("number"):
            cred["identifier"] = [
                {
                    "id": self.node_id("identifier"),
                    "type": "Identifier",
                    "schemeName": "Certificate number",
                    "notation": data["number"],
                }
            ]
        if evidence:
            cred["evidence"] = evidence
        return cred


# -- reading an EDC issued elsewhere --------------------------------------------


def _first_text(value: Any) -> str:
    """A language map's (or list of language maps') first text."""
    if isinstance(value, str):
        return value
    for item in _as_list(value):
        if isinstance(item, dict):
            texts = [v for v in item.values() if isinstance(v, str) and v]
            if texts:
                return texts[0]
    return ""


def read_edc(document: Any) -> dict[str, Any]:
    """What a registry reads in an EDC (payload, VC 1.1 or 2.0) to recognise it.

    ``{"id", "issuer_id", "issuer_name", "title", "awarded", "valid_from",
    "valid_until", "credits", "emails", "status"}``; missing values are empty.
    Not a verification: read the payload of a seal that verified.
    """
    doc = document if isinstance(document, dict) else {}
    issuer = doc.get("issuer")
    subject = next(
        (s for s in _as_list(doc.get("credentialSubject")) if isinstance(s, dict)),
        {},
    )
    claim = next(
        (c for c in _as_list(subject.get("hasClaim")) if isinstance(c, dict)), {}
    )
    awarding = (
        claim.get("awardedBy") if isinstance(claim.get("awardedBy"), dict) else {}
    )
    credits = 0.0
    for point in _as_list(claim.get("creditReceived")):
        try:
            credits += float(point.get("point")) if isinstance(point, dict) else 0.0
        except (TypeError, ValueError):
            continue
    emails = []
    for contact in _as_list(subject.get("contactPoint")):
        for mailbox in _as_list(
            contact.get("emailAddress") if isinstance(contact, dict) else None
        ):
            address = mailbox.get("id") if isinstance(mailbox, dict) else mailbox
            if isinstance(address, str) and address.lower().startswith("mailto:"):
                emails.append(address[7:])
    valid_from = doc.get("validFrom") or doc.get("issuanceDate") or doc.get("issued")
    return {
        "id": doc.get("id") if isinstance(doc.get("id"), str) else None,
        "issuer_id": issuer.get("id") if isinstance(issuer, dict) else issuer,
        "issuer_name": _first_text(issuer.get("legalName"))
        if isinstance(issuer, dict)
        else "",
        "title": _first_text(claim.get("title")),
        "awarded": awarding.get("awardingDate") or valid_from,
        "valid_from": valid_from,
        "valid_until": doc.get("validUntil") or doc.get("expirationDate"),
        "credits": credits,
        "emails": emails,
        "status": _as_list(doc.get("credentialStatus"))
        if doc.get("credentialStatus")
        else None,
    }


def check_validity(report: Any, facts: dict[str, Any], now: datetime) -> None:
    """Add the validity-dates check of an EDC read by :func:`read_edc` (VC 1.1
    ``issuanceDate``/``expirationDate`` or VC 2.0 ``validFrom``/``validUntil``)
    to a verification report, as the credential verifier checks them."""
    dates = {
        "validFrom": facts.get("valid_from"),
        "validUntil": facts.get("valid_until"),
    }
    _check_validity(report, {k: v for k, v in dates.items() if v}, now)


def _required(data: dict[str, Any], key: str, where: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if value in (None, "", [], {}):
        raise CredentialDataError(f"{where}.{key} is required")
    return value


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _iso_day(value: Any) -> str:
    """A date (``YYYY-MM-DD``) or datetime as an ``xsd:dateTime`` string."""
    text = value if isinstance(value, str) else value.isoformat()
    return text if "T" in text else text[:10] + "T00:00:00Z"


@cache
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@cache
def placeholder_png(width: int = 420, height: int = 297) -> bytes:
    """A plain, valid PNG used when the caller supplies no rendered display image."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return (
            struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))
        )

    row = b"\x00" + b"\xf4\xf6\xfa" * width
    raw = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------------------
# public builders


def build_edc(data: dict[str, Any]) -> dict:
    """EDC of a single-institution award (generic profile)."""
    builder = EdcBuilder(data)
    return builder.build([data["issuer"]], [], [V.CREDENTIAL_GENERIC], [SCHEMA_GENERIC])


def build_joint_edc(data: dict[str, Any]) -> dict:
    """EDC of a joint award: every co-awarding institution is an awarding body;
    the leading institution (``issuer``) seals it on the partners' mandate
    (ELM "issued by mandate" profile: one ``Evidence`` per mandate)."""
    builder = EdcBuilder(data)
    bodies = [data["issuer"]] + list(data.get("co_awarders") or [])
    mandates = data.get("mandates") or []
    if len(bodies) > 1 and not mandates:
        raise CredentialDataError("a joint award needs the partners' mandate statement")
    evidence = [
        {
            "id": builder.node_id("mandate", i),
            "type": "Evidence",
            "dcType": V.concept(V.EVIDENCE_MANDATE, V.EVIDENCE_TYPE_SCHEME, "Mandate"),
            "evidenceStatement": _required(m, "statement", "mandate"),
        }
        for i, m in enumerate(mandates, 1)
    ]
    return builder.build(
        bodies, [], [V.CREDENTIAL_GENERIC], [SCHEMA_GENERIC, SCHEMA_MANDATE], evidence
    )


def build_multiple_edcs(data: dict[str, Any], institutions: list[dict]) -> list[dict]:
    """One EDC per institution of a multiple award, each naming the others.

    ``institutions`` items: ``{"organisation": {...}, "id": credential id,
    "local_names": {...}, "nqf": [...], "number": ..., "crosswalk"?: {...}}``
    (the crosswalk note, else the one ``data["achievement"]["crosswalk_by_issuer"]``
    maps the organisation's id to). Each EDC is issued
    by its institution alone; the others appear as the qualification's
    awarding opportunities.
    """
    edcs = []
    for inst in institutions:
        own = dict(data, id=inst["id"], issuer=inst["organisation"])
        own["number"] = inst.get("number") or data.get("number")
        spec = dict(data.get("achievement") or {})
        spec["local_names"] = inst.get("local_names") or spec.get("local_names")
        spec["nqf"] = inst.get("nqf") or []
        by_issuer = spec.pop("crosswalk_by_issuer", None)
        if "crosswalk" in inst:
            spec["crosswalk"] = inst["crosswalk"]
        elif by_issuer is not None:
            spec["crosswalk"] = by_issuer.get(inst["organisation"].get("id"))
        own["achievement"] = spec
        others = [i["organisation"] for i in institutions if i is not inst]
        builder = EdcBuilder(own)
        edcs.append(
            builder.build(
                [inst["organisation"]], others, [V.CREDENTIAL_GENERIC], [SCHEMA_GENERIC]
            )
        )
    return edcs


def build_supplement_edc(data: dict[str, Any]) -> dict:
    """The qualification supplement as an EDC (ELM Diploma Supplement profile).

    Needs the learner's date of birth, at least one component (``parts``), the
    programme's ISCED-F field, NQF level, languages, mode and maximum duration,
    as the profile requires.
    """
    learner = data.get("learner") or {}
    if not learner.get("date_of_birth"):
        raise CredentialDataError("the supplement needs the learner's date of birth")
    spec = data.get("achievement") or {}
    for key in ("isced_f", "nqf", "instruction_languages", "mode", "max_duration"):
        _required(spec, key, "supplement achievement")
    if not data.get("parts"):
        raise CredentialDataError("the supplement needs the programme's components")
    builder = EdcBuilder(data)
    bodies = [data["issuer"]] + list(data.get("co_awarders") or [])
    cred = builder.build(
        bodies,
        bodies,
        [V.CREDENTIAL_DIPLOMA_SUPPLEMENT],
        [SCHEMA_GENERIC, SCHEMA_SUPPLEMENT],
    )
    qualification = cred["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    qualification["hasPart"] = [
        _component(builder, qualification, i, part)
        for i, part in enumerate(data["parts"], 1)
    ]
    return cred


def _component(builder: EdcBuilder, parent: dict, index: int, part: dict) -> dict:
    """A programme component as a ``Qualification`` for the supplement profile.

    The profile requires every Qualification to have a Qualification part, which
    no finite programme tree satisfies; each component names itself as its own
    (improper) part, the only reading that states nothing false.
    """
    node_id = builder.node_id("component", index)
    node = {
        "id": node_id,
        "type": "Qualification",
        "title": builder.text(part.get("title"), "part.title"),
    }
    for key in (
        "language",
        "mode",
        "thematicArea",
        "nqfLevel",
        "maximumDuration",
        "learningOutcome",
        "awardingOpportunity",
    ):
        node[key] = parent[key]
    if part.get("credits") not in (None, "", 0):
        node["creditPoint"] = [
            builder.credit_point(part["credits"], f"component-{index}")
        ]
    node["hasPart"] = [{"id": node_id, "type": "Qualification", "title": node["title"]}]
    return node
