# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo-free rules of the recognition of a signed credential: who it names,
who issued it, when its credits lapse."""

import hashlib
import json

from dateutil.relativedelta import relativedelta
from mc_credentials.credential import hash_identity
from mc_credentials.verify import parse_datetime


def as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def issuer_id(document):
    """The ``issuer`` id of a credential document, or ``None``."""
    issuer = document.get("issuer") if isinstance(document, dict) else None
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def subjects(document):
    subject = document.get("credentialSubject") if isinstance(document, dict) else None
    return [s for s in as_list(subject) if isinstance(s, dict)]


def names_learner(document, emails=(), subject_ids=()):
    """Whether the credential's subject is the learner.

    A hashed or plain ``emailAddress`` identity must match one of ``emails``
    (compared as the issuer hashed it: stripped, lower-cased); a subject ``id``
    must be one of ``subject_ids``. A subject that carries neither names nobody.
    """
    emails = [e for e in emails if e]
    for subject in subjects(document):
        if subject.get("id") and subject["id"] in subject_ids:
            return True
        for identity in as_list(subject.get("identifier")):
            if not isinstance(identity, dict):
                continue
            if identity.get("identityType") != "emailAddress":
                continue
            expected = identity.get("identityHash")
            if identity.get("hashed"):
                salt = identity.get("salt") or ""
                if any(hash_identity(email, salt) == expected for email in emails):
                    return True
            elif expected and any(
                expected.strip().lower() == email.strip().lower() for email in emails
            ):
                return True
    return False


def achievement(document):
    """The achievement of the first subject (a dict, possibly empty)."""
    for subject in subjects(document):
        if isinstance(subject.get("achievement"), dict):
            return subject["achievement"]
    return {}


def credits_valid_until(award_date, months):
    """Last day the credits of an award dated ``award_date`` count; ``False``
    when they never lapse (``months`` 0)."""
    if not award_date or not months:
        return False
    return award_date + relativedelta(months=months)


def load_json(text):
    """Parsed JSON of ``text`` (str or bytes), ``None`` when it is not JSON."""
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        return None


def status_lists_by_id(data):
    """``{id: status list credential}`` of uploaded lists (one or a list)."""
    return {
        item["id"]: item
        for item in as_list(data)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def plain_text(value):
    """A name as text: a string, or the first text of a language map."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        texts = [v for v in value.values() if isinstance(v, str)]
        return texts[0] if texts else ""
    if isinstance(value, list):
        for item in value:
            text = plain_text(item.get("@value") if isinstance(item, dict) else item)
            if text:
                return text
    return ""


def award_date(document):
    """Date of the award: ``awardedDate``, else ``validFrom`` (or ``None``)."""
    for key in ("awardedDate", "validFrom"):
        try:
            return parse_datetime(document.get(key)).date()
        except (ValueError, TypeError):
            continue
    return None


def stated_credits(document):
    """ECTS the credential states: the subject's credits earned, else the
    achievement's credits available (0 when neither)."""
    for subject in subjects(document):
        if isinstance(subject.get("creditsEarned"), (int, float)):
            return float(subject["creditsEarned"])
    value = achievement(document).get("creditsAvailable")
    return float(value) if isinstance(value, (int, float)) else 0.0


def is_sealed(document):
    """Whether a parsed upload is a sealed (JAdES, JWS JSON) document."""
    return (
        isinstance(document, dict)
        and "payload" in document
        and "signatures" in document
    )


def text_digest(text):
    """The reference of a credential without an id: its text's SHA-256."""
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def same_email(emails, email):
    """Whether ``email`` is one of ``emails`` (stripped, case-insensitive)."""
    wanted = (email or "").strip().lower()
    return bool(wanted) and any(
        isinstance(e, str) and e.strip().lower() == wanted for e in emails
    )
