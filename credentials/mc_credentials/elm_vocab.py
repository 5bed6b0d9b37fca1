"""EU controlled vocabularies used by the European Learning Model (ELM 3.2).

Every controlled value of an EDC or an LOQ export is a ``skos:Concept`` whose
``id`` is the EU vocabulary URI and whose ``inScheme`` is the vocabulary's
concept scheme, as the ELM SHACL shapes (``EDC-generic-full``) require.
Only URIs published by the Publications Office / Europass are listed here;
an unknown code raises :class:`VocabularyError` instead of inventing one.
"""

from __future__ import annotations

SNB = "http://data.europa.eu/snb/"
AUTHORITY = "http://publications.europa.eu/resource/authority/"

EQF_SCHEME = SNB + "eqf/25831c2"
ISCED_SCHEME = SNB + "isced-f/25831c2"
LANGUAGE_SCHEME = AUTHORITY + "language"
COUNTRY_SCHEME = AUTHORITY + "country"
CREDIT_SCHEME = SNB + "education-credit/25831c2"
CREDENTIAL_SCHEME = SNB + "credential/25831c2"
MODE_SCHEME = SNB + "learning-assessment/25831c2"
SUPERVISION_SCHEME = SNB + "supervision-verification/25831c2"
LEARNING_OPPORTUNITY_SCHEME = SNB + "learning-opportunity/25831c2"
NQF_SCHEME = SNB + "qdr/25831c2"
ENCODING_SCHEME = SNB + "encoding/25831c2"
FILE_TYPE_SCHEME = AUTHORITY + "file-type"
EVIDENCE_TYPE_SCHEME = SNB + "evidence-type/25831c2"

#: European Credit Transfer and Accumulation System.
ECTS = SNB + "education-credit/6fcec5c5af"
#: Credential types (Europass "credential" list).
CREDENTIAL_GENERIC = SNB + "credential/e34929035b"
CREDENTIAL_DIPLOMA_SUPPLEMENT = SNB + "credential/6dff8a0f87"
#: Learning opportunity type of a micro-credential programme.
SHORT_LEARNING_PROGRAMME = SNB + "learning-opportunity/74a4a268e8"
BASE64 = SNB + "encoding/6146cde7dd"
#: Evidence type "mandate" (a credential issued on behalf of others).
EVIDENCE_MANDATE = SNB + "evidence-type/c_18016257"

#: Form of participation (Europass "modes of learning and assessment").
MODES = {
    "online": (SNB + "learning-assessment/920fbb3cbe", "Online"),
    "blended": (SNB + "learning-assessment/e92d221e4d", "Blended"),
    "onsite": (SNB + "learning-assessment/9191af2ed9", "Presential"),
    "project": (SNB + "learning-assessment/7813801c77", "Project based"),
    "workbased": (SNB + "learning-assessment/729f3bed4b", "Workbased"),
}

#: ISO 639-1 -> EU language authority code (24 official EU languages and a few more).
LANGUAGES = {
    "bg": ("BUL", "Bulgarian"), "hr": ("HRV", "Croatian"), "cs": ("CES", "Czech"),
    "da": ("DAN", "Danish"), "nl": ("NLD", "Dutch"), "en": ("ENG", "English"),
    "et": ("EST", "Estonian"), "fi": ("FIN", "Finnish"), "fr": ("FRA", "French"),
    "de": ("DEU", "German"), "el": ("ELL", "Greek"), "hu": ("HUN", "Hungarian"),
    "ga": ("GLE", "Irish"), "it": ("ITA", "Italian"), "lv": ("LAV", "Latvian"),
    "lt": ("LIT", "Lithuanian"), "mt": ("MLT", "Maltese"), "pl": ("POL", "Polish"),
    "pt": ("POR", "Portuguese"), "ro": ("RON", "Romanian"), "sk": ("SLK", "Slovak"),
    "sl": ("SLV", "Slovenian"), "es": ("SPA", "Spanish"), "sv": ("SWE", "Swedish"),
    "no": ("NOR", "Norwegian"), "is": ("ISL", "Icelandic"), "tr": ("TUR", "Turkish"),
    "uk": ("UKR", "Ukrainian"), "ca": ("CAT", "Catalan"), "eu": ("EUS", "Basque"),
}  # fmt: skip

#: ISO 3166-1 alpha-2 -> alpha-3 as used by the EU country authority table.
COUNTRIES = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "HR": "HRV", "CY": "CYP", "CZ": "CZE",
    "DK": "DNK", "EE": "EST", "FI": "FIN", "FR": "FRA", "DE": "DEU", "GR": "GRC",
    "HU": "HUN", "IE": "IRL", "IT": "ITA", "LV": "LVA", "LT": "LTU", "LU": "LUX",
    "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SK": "SVK",
    "SI": "SVN", "ES": "ESP", "SE": "SWE", "IS": "ISL", "LI": "LIE", "NO": "NOR",
    "CH": "CHE", "GB": "GBR", "UA": "UKR", "TR": "TUR", "RS": "SRB", "ME": "MNE",
    "MK": "MKD", "AL": "ALB", "BA": "BIH", "MD": "MDA", "US": "USA", "CA": "CAN",
}  # fmt: skip


class VocabularyError(ValueError):
    """A value has no known EU vocabulary URI."""


def concept(uri: str, scheme: str, label: dict | str | None = None, notation=None):
    """Return an ELM ``Concept`` node for ``uri`` in ``scheme``."""
    node = {
        "id": uri,
        "type": "Concept",
        "inScheme": {"id": scheme, "type": "ConceptScheme"},
    }
    if label:
        node["prefLabel"] = label if isinstance(label, dict) else {"en": label}
    if notation:
        node["notation"] = notation
    return node


def eqf_level(level) -> dict:
    """EQF level 1-8 as its EU vocabulary concept."""
    try:
        number = int(level)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 8:
        raise VocabularyError(f"EQF level must be 1 to 8, got {level!r}")
    return concept(f"{SNB}eqf/{number}", EQF_SCHEME, f"Level {number}")


def isced_f(code: str, label: str | None = None) -> dict:
    """ISCED-F 2013 field (2, 3 or 4 digits) as its EU vocabulary concept."""
    code = (code or "").strip()
    if not (code.isdigit() and len(code) in (2, 3, 4)):
        raise VocabularyError(f"ISCED-F code must have 2 to 4 digits, got {code!r}")
    return concept(f"{SNB}isced-f/{code}", ISCED_SCHEME, label)


def language(code: str) -> dict:
    """Language (ISO 639-1, or a locale such as ``fr_BE``) as its EU concept."""
    iso = (code or "").split("_")[0].split("-")[0].lower()
    if iso not in LANGUAGES:
        raise VocabularyError(f"no EU language code for {code!r}")
    eu, name = LANGUAGES[iso]
    return concept(f"{AUTHORITY}language/{eu}", LANGUAGE_SCHEME, name, "language")


def lang_key(code: str) -> str:
    """The language-map key (ISO 639-1) of a document language or locale."""
    iso = (code or "").split("_")[0].split("-")[0].lower()
    if iso not in LANGUAGES:
        raise VocabularyError(f"no EU language code for {code!r}")
    return iso


def country(code: str) -> dict:
    """Country (ISO 3166-1 alpha-2) as its EU authority concept."""
    alpha2 = (code or "").upper()
    if alpha2 not in COUNTRIES:
        raise VocabularyError(f"no EU country code for {code!r}")
    return concept(
        f"{AUTHORITY}country/{COUNTRIES[alpha2]}", COUNTRY_SCHEME, None, "country"
    )


def mode(key: str) -> dict:
    """Form of participation (``online``, ``blended``, ``onsite``...)."""
    if key not in MODES:
        raise VocabularyError(f"unknown form of participation {key!r}")
    uri, label = MODES[key]
    return concept(uri, MODE_SCHEME, label)


def ects() -> dict:
    """The ECTS credit system concept."""
    return concept(ECTS, CREDIT_SCHEME, "European Credit Transfer System")


def credential_type(uri: str = CREDENTIAL_GENERIC) -> dict:
    """A Europass credential type (profile) concept."""
    labels = {
        CREDENTIAL_GENERIC: "Generic",
        CREDENTIAL_DIPLOMA_SUPPLEMENT: "Diploma Supplement",
    }
    return concept(uri, CREDENTIAL_SCHEME, labels.get(uri))


def nqf_level(uri: str | None, label: str, key: str) -> dict:
    """A national framework level.

    ``uri`` is the Europass QDR concept when the institution registered one;
    otherwise the level is a concept of the institution's own (``urn:``) with
    its label, placed in the QDR scheme so that Europass groups it correctly.
    """
    return concept(uri or f"urn:mc:nqf:{key}", NQF_SCHEME, {"en": label})
