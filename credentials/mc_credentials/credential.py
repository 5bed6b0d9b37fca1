"""Build Open Badges 3.0 ``OpenBadgeCredential`` documents from plain dicts.

No Odoo types: the caller passes dicts/strings/numbers. Every property
emitted here is defined by the VC 2.0 or OB 3.0.3 contexts (checked by
:func:`mc_credentials.canon.undefined_terms` in the tests), so that nothing
is silently dropped from the signature.

Design choices (see README):

* **Co-awarding institutions**: the leading institution is the ``issuer`` and
  the achievement ``creator``; each co-awarder appears as an ``evidence``
  entry of type ``Evidence`` whose ``id`` is the co-awarder's profile id (URL
  or DID) and whose ``genre`` is ``"co-awarding institution"``; it signs the
  credential with its own proof (proof set). Verifiers derive the required
  signers from these entries, so removing a partner's proof is detected.
* **Multiple award** (one credential per institution): sibling achievements
  are cross-referenced with ``achievement.related`` (``Related``) and sibling
  credentials with ``evidence`` entries whose ``id`` is the sibling's id and
  whose ``genre`` is ``"parallel award"``.
* **Languages**: ``language_mode="ob3"`` (default) keeps ``name`` and
  ``description`` plain strings in the primary language (the OB 3.0 JSON
  Schema requires strings) and lists other-language editions of the
  achievement as ``related`` entries with ``inLanguage``.
  ``language_mode="value-objects"`` emits VC 2.0 language value objects
  (``{"@value", "@language"}``) for all languages; they canonicalise as
  language-tagged literals under the OB 3.0.3 context.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import date, datetime, timezone
from typing import Any

from .loader import OB_V3P0_CONTEXT, VC_V2_CONTEXT
from .status_list import status_entry

CO_AWARDER_GENRE = "co-awarding institution"
PARALLEL_GENRE = "parallel award"
EQF_FRAMEWORK = "European Qualifications Framework"
EQF_URL = "https://europa.eu/europass/en/description-eight-eqf-levels"
LANGUAGE_MODES = ("ob3", "value-objects")


class CredentialDataError(ValueError):
    """Raised when the input data for a credential is incomplete or invalid."""


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc).replace(microsecond=0)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, str) and value:
        return value
    raise CredentialDataError(f"expected a datetime or ISO string, got {value!r}")


def _date_time(value: Any) -> str:
    """An XML Schema dateTime (OB 3.0 wants one for the activity dates): a
    plain date, as ``date`` or ``YYYY-MM-DD``, becomes its midnight UTC."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        return f"{value}T00:00:00Z"
    return _iso(value)


def _require(data: dict[str, Any], key: str, where: str) -> Any:
    value = data.get(key)
    if value in (None, "", [], {}):
        raise CredentialDataError(f"{where}.{key} is required")
    return value


def hash_identity(value: str, salt: str, normalize_email: bool = True) -> str:
    """OB 3.0 ``identityHash``: ``"sha256$" + hex(sha256(value + salt))``.

    E-mail addresses are stripped and lower-cased first (document this to
    verifiers: they must apply the same normalisation).
    """
    if normalize_email:
        value = value.strip().lower()
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def identity_object(
    value: str, salt: str | None = None, identity_type: str = "emailAddress"
) -> dict[str, Any]:
    """Build a hashed OB 3.0 ``IdentityObject`` (random salt when not given)."""
    salt = salt or secrets.token_hex(16)
    return {
        "type": "IdentityObject",
        "identityHash": hash_identity(value, salt, identity_type == "emailAddress"),
        "identityType": identity_type,
        "hashed": True,
        "salt": salt,
    }


def build_profile(data: dict[str, Any], where: str = "issuer") -> dict[str, Any]:
    """Build an OB 3.0 ``Profile``.

    Keys: ``id`` (URL or DID, required), ``name`` (required), ``url``,
    ``email``, ``other_identifiers`` (list of ``{"identifier",
    "identifierType"}``; identifierType e.g. ``"identifier"``, ``"ext:PIC"``,
    ``"ext:ErasmusCode"``).
    """
    if not isinstance(data, dict):
        raise CredentialDataError(f"{where} must be a dict")
    profile: dict[str, Any] = {
        "id": _require(data, "id", where),
        "type": ["Profile"],
        "name": _require(data, "name", where),
    }
    if data.get("url"):
        profile["url"] = data["url"]
    if data.get("email"):
        profile["email"] = data["email"]
    others = data.get("other_identifiers") or []
    if others:
        profile["otherIdentifier"] = [
            {
                "type": "IdentifierEntry",
                "identifier": _require(o, "identifier", f"{where}.other_identifiers"),
                "identifierType": o.get("identifierType")
                or o.get("identifier_type")
                or "identifier",
            }
            for o in others
        ]
    return profile


def _texts(value: Any, primary: str, where: str) -> dict[str, str]:
    """Normalise a str or ``{lang: text}`` into an ordered ``{lang: text}``."""
    if isinstance(value, str) and value:
        return {primary: value}
    if isinstance(value, dict) and value:
        if primary not in value:
            raise CredentialDataError(
                f"{where} has no text in the primary language {primary!r}"
            )
        ordered = {primary: value[primary]}
        ordered.update({k: v for k, v in value.items() if k != primary})
        return ordered
    raise CredentialDataError(f"{where} must be a string or a {{lang: text}} dict")


def _lang_value(texts: dict[str, str], mode: str) -> Any:
    if mode == "value-objects" and len(texts) > 1:
        return [{"@value": t, "@language": lang} for lang, t in texts.items()]
    return next(iter(texts.values()))


def eqf_alignment(level: int | str) -> dict[str, Any]:
    """Alignment of an achievement to an EQF level (1..8)."""
    try:
        lvl = int(level)
    except (TypeError, ValueError):
        raise CredentialDataError(f"EQF level must be 1..8, got {level!r}") from None
    if not 1 <= lvl <= 8:
        raise CredentialDataError(f"EQF level must be 1..8, got {level!r}")
    return {
        "type": ["Alignment"],
        "targetName": f"EQF level {lvl}",
        "targetFramework": EQF_FRAMEWORK,
        "targetCode": str(lvl),
        "targetUrl": EQF_URL,
        "targetType": "ext:EQFLevel",
    }


def skill_alignment(skill: dict[str, Any]) -> dict[str, Any]:
    """Alignment to a skill/competency, e.g. an ESCO skill URI."""
    align: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": _require(skill, "name", "skill"),
        "targetUrl": _require(skill, "url", "skill"),
        "targetType": skill.get("type") or "ceasn:Competency",
        "targetFramework": skill.get("framework") or "ESCO",
    }
    if skill.get("code"):
        align["targetCode"] = skill["code"]
    if skill.get("description"):
        align["targetDescription"] = skill["description"]
    return align


def crosswalk_alignments(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Alignments of an achievement to one institution's own qualification
    structure (the crosswalk of a joint programme): the institution's local
    award (``ceterms:Credential``, its local name and type) and its national
    qualifications framework level (``ext:NQFLevel``).

    Keys of ``item``: ``institution`` (name), ``url`` (the institution's
    description of the award, or its site), ``local_name``, ``local_type``,
    ``nqf_level``, ``framework`` (name of the national framework), ``nqf_url``
    (default ``url``). Entries without a value are left out.
    """
    institution = _require(item, "institution", "crosswalk")
    url = _require(item, "url", "crosswalk")
    alignments = []
    if item.get("local_name"):
        local = {
            "type": ["Alignment"],
            "targetName": item["local_name"],
            "targetFramework": institution,
            "targetType": "ceterms:Credential",
            "targetUrl": url,
        }
        if item.get("local_type"):
            local["targetDescription"] = item["local_type"]
        alignments.append(local)
    if item.get("nqf_level"):
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": item["nqf_level"],
                "targetCode": item["nqf_level"],
                "targetDescription": institution,
                "targetFramework": item.get("framework")
                or "National qualifications framework",
                "targetType": "ext:NQFLevel",
                "targetUrl": item.get("nqf_url") or url,
            }
        )
    return alignments


def build_achievement(
    data: dict[str, Any], language_mode: str = "ob3"
) -> dict[str, Any]:
    """Build an OB 3.0 ``Achievement`` from ``data`` (see module docs).

    Keys: ``id``, ``achievement_type`` (default ``MicroCredential``),
    ``language`` (primary, default ``en``), ``name`` and ``description`` (str
    or ``{lang: text}``), ``criteria`` (narrative str), ``credits`` (ECTS),
    ``eqf_level``, ``skills`` (list of dicts), ``crosswalk`` (list of dicts,
    see :func:`crosswalk_alignments`), ``field_of_study``,
    ``human_code``, ``creator`` (profile dict), ``result_description``
    (``{"name", "result_type", "allowed_values"}``), ``language_editions``
    (``{lang: url}``; ob3 mode), ``related`` (list of ``{"id", "language"?,
    "version"?}``), ``tags``, ``version``, ``image``.
    """
    if language_mode not in LANGUAGE_MODES:
        raise CredentialDataError(f"language_mode must be one of {LANGUAGE_MODES}")
    ach_id = _require(data, "id", "achievement")
    lang = data.get("language") or "en"
    names = _texts(data.get("name"), lang, "achievement.name")
    descriptions = _texts(data.get("description"), lang, "achievement.description")
    ach: dict[str, Any] = {
        "id": ach_id,
        "type": ["Achievement"],
        "achievementType": data.get("achievement_type") or "MicroCredential",
        "name": _lang_value(names, language_mode),
        "description": _lang_value(descriptions, language_mode),
        "criteria": {"narrative": _require(data, "criteria", "achievement")},
        "inLanguage": lang,
    }
    if data.get("credits") is not None:
        ach["creditsAvailable"] = float(data["credits"])
    alignment = []
    if data.get("eqf_level") is not None:
        alignment.append(eqf_alignment(data["eqf_level"]))
    alignment.extend(skill_alignment(s) for s in data.get("skills") or [])
    for item in data.get("crosswalk") or []:
        alignment.extend(crosswalk_alignments(item))
    if alignment:
        ach["alignment"] = alignment
    if data.get("field_of_study"):
        ach["fieldOfStudy"] = data["field_of_study"]
    if data.get("human_code"):
        ach["humanCode"] = data["human_code"]
    if data.get("version"):
        ach["version"] = str(data["version"])
    if data.get("tags"):
        ach["tag"] = list(data["tags"])
    if data.get("image"):
        ach["image"] = {"id": data["image"], "type": "Image"}
    if data.get("creator"):
        ach["creator"] = build_profile(data["creator"], "achievement.creator")
    rd = data.get("result_description")
    if rd:
        desc: dict[str, Any] = {
            "id": rd.get("id") or f"{ach_id}#result",
            "type": ["ResultDescription"],
            "name": rd.get("name") or "Final grade",
            "resultType": rd.get("result_type") or "LetterGrade",
        }
        if rd.get("allowed_values"):
            desc["allowedValue"] = [str(v) for v in rd["allowed_values"]]
        if rd.get("required_value"):
            desc["requiredValue"] = str(rd["required_value"])
        ach["resultDescription"] = [desc]
    related = []
    if language_mode == "ob3":
        for other_lang, url in (data.get("language_editions") or {}).items():
            if other_lang != lang:
                related.append(
                    {"id": url, "type": ["Related"], "inLanguage": other_lang}
                )
    for rel in data.get("related") or []:
        item: dict[str, Any] = {
            "id": _require(rel, "id", "achievement.related"),
            "type": ["Related"],
        }
        if rel.get("language"):
            item["inLanguage"] = rel["language"]
        if rel.get("version"):
            item["version"] = str(rel["version"])
        related.append(item)
    if related:
        ach["related"] = related
    return ach


def build_open_badge_credential(data: dict[str, Any]) -> dict[str, Any]:
    """Build an unsigned OB 3.0 ``OpenBadgeCredential`` (VC 2.0) from dicts.

    Keys of ``data``:

    * ``id``: credential URL; default ``urn:uuid:<uuid4>``.
    * ``issuer``: profile dict (``id``, ``name``, ``url``, ``other_identifiers``).
    * ``valid_from`` (default now), ``valid_until``, ``awarded_date``:
      datetimes or ISO strings.
    * ``name``: credential name (default: the achievement's primary name).
    * ``recipient``: ``{"id"?: DID/URL, "email"?: str, "salt"?: str}``; the
      e-mail is only stored hashed (IdentityObject).
    * ``achievement``: see :func:`build_achievement`.
    * ``credits_earned``, ``results``: list of ``{"value", "status"?}``
      (linked to the achievement's result description), ``activity_start``,
      ``activity_end`` (dates), ``term``.
    * ``co_awarders``: list of profile dicts (joint award).
    * ``parallel_awards``: list of ``{"credential_id", "achievement_id"?,
      "issuer_name"?}`` for a multiple award (one credential per institution).
    * ``status``: one ``{"list_credential", "index", "purpose"}``
      (BitstringStatusListEntry; a list of one is accepted). Open Badges 3.0
      allows a single ``credentialStatus`` object.
    * ``language_mode``: ``"ob3"`` (default) or ``"value-objects"``.
    """
    if not isinstance(data, dict):
        raise CredentialDataError("credential data must be a dict")
    mode = data.get("language_mode") or "ob3"
    issuer = build_profile(_require(data, "issuer", "credential"), "issuer")
    ach_data = dict(_require(data, "achievement", "credential"))
    ach_data.setdefault("creator", data["issuer"])
    parallel = data.get("parallel_awards") or []
    if parallel:
        ach_data["related"] = list(ach_data.get("related") or []) + [
            {"id": p["achievement_id"]} for p in parallel if p.get("achievement_id")
        ]
    achievement = build_achievement(ach_data, mode)

    recipient = data.get("recipient") or {}
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if recipient.get("id"):
        subject["id"] = recipient["id"]
    if recipient.get("email"):
        subject["identifier"] = [
            identity_object(recipient["email"], recipient.get("salt"))
        ]
    if "id" not in subject and "identifier" not in subject:
        raise CredentialDataError("recipient needs an id or an email")
    subject["achievement"] = achievement
    if data.get("credits_earned") is not None:
        subject["creditsEarned"] = float(data["credits_earned"])
    results = data.get("results") or []
    if results:
        rd_id = (achievement.get("resultDescription") or [{}])[0].get("id")
        subject["result"] = []
        for res in results:
            item: dict[str, Any] = {"type": ["Result"], "value": str(res["value"])}
            ref = res.get("result_description") or rd_id
            if ref:
                item["resultDescription"] = ref
            if res.get("status"):
                item["status"] = res["status"]
            subject["result"].append(item)
    if data.get("activity_start"):
        subject["activityStartDate"] = _date_time(data["activity_start"])
    if data.get("activity_end"):
        subject["activityEndDate"] = _date_time(data["activity_end"])
    if data.get("term"):
        subject["term"] = data["term"]

    primary_name = (
        achievement["name"]
        if isinstance(achievement["name"], str)
        else achievement["name"][0]["@value"]
    )
    cred: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_V3P0_CONTEXT],
        "id": data.get("id") or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": _iso(data.get("valid_from") or datetime.now(timezone.utc)),
        "name": data.get("name") or primary_name,
        "credentialSubject": subject,
    }
    if data.get("valid_until"):
        cred["validUntil"] = _iso(data["valid_until"])
    if data.get("awarded_date"):
        cred["awardedDate"] = _iso(data["awarded_date"])

    evidence = []
    for partner in data.get("co_awarders") or []:
        prof = build_profile(partner, "co_awarders[]")
        ids = ", ".join(
            f"{o['identifierType']}={o['identifier']}"
            for o in prof.get("otherIdentifier", [])
        )
        evidence.append(
            {
                "id": prof["id"],
                "type": ["Evidence"],
                "name": prof["name"],
                "description": "Co-awarding institution",
                "narrative": f"{prof['name']} ({prof['id']}"
                + (f"; {ids}" if ids else "")
                + ") co-awards this credential and signs it with its own proof.",
                "genre": CO_AWARDER_GENRE,
            }
        )
    for p in parallel:
        ev: dict[str, Any] = {
            "id": _require(p, "credential_id", "parallel_awards[]"),
            "type": ["Evidence"],
            "genre": PARALLEL_GENRE,
            "name": "Parallel award"
            + (f" by {p['issuer_name']}" if p.get("issuer_name") else ""),
        }
        evidence.append(ev)
    if evidence:
        cred["evidence"] = evidence

    status = data.get("status")
    if status:
        entries = status if isinstance(status, list) else [status]
        if len(entries) > 1:
            raise CredentialDataError(
                "Open Badges 3.0 allows one credentialStatus: give one status entry"
            )
        entry = entries[0]
        cred["credentialStatus"] = status_entry(
            _require(entry, "list_credential", "status"),
            int(entry["index"]),
            entry.get("purpose") or "revocation",
        )
    return cred


def build_joint_award(
    data: dict[str, Any],
) -> dict[str, Any]:
    """Unsigned credential for a *joint* award: alias of
    :func:`build_open_badge_credential` with ``co_awarders`` required.

    Sign it with :func:`mc_credentials.proof.add_proofs` using one
    :class:`~mc_credentials.keys.KeyPair` per institution (proof set).
    """
    if not data.get("co_awarders"):
        raise CredentialDataError("a joint award needs co_awarders")
    return build_open_badge_credential(data)


def build_multiple_award(
    common: dict[str, Any], institutions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Unsigned credentials for a *multiple* award, one per institution.

    :param common: shared data (recipient, validity, results, ...); its
        ``achievement`` is the template.
    :param institutions: one dict per institution with ``issuer`` (profile),
        ``credential_id`` and ``achievement_id``, and optionally its own
        ``crosswalk`` (see :func:`crosswalk_alignments`) in place of the
        template's; or the template's achievement maps issuer ids to their
        crosswalks in ``crosswalk_by_issuer``.
    :returns: credentials in the same order, cross-referencing each other via
        ``achievement.related`` and ``evidence`` (genre ``parallel award``).
    """
    if len(institutions) < 2:
        raise CredentialDataError("a multiple award needs at least 2 institutions")
    out = []
    for inst in institutions:
        data = dict(common)
        data["issuer"] = inst["issuer"]
        data["id"] = _require(inst, "credential_id", "institution")
        ach = dict(common["achievement"])
        ach["id"] = _require(inst, "achievement_id", "institution")
        ach["creator"] = inst["issuer"]
        by_issuer = ach.pop("crosswalk_by_issuer", None)
        if "crosswalk" in inst:
            ach["crosswalk"] = inst["crosswalk"]
        elif by_issuer is not None:
            ach["crosswalk"] = by_issuer.get(inst["issuer"].get("id"), [])
        data["achievement"] = ach
        data["co_awarders"] = []
        data["parallel_awards"] = [
            {
                "credential_id": other["credential_id"],
                "achievement_id": other["achievement_id"],
                "issuer_name": other["issuer"].get("name"),
            }
            for other in institutions
            if other is not inst
        ]
        out.append(build_open_badge_credential(data))
    return out
