"""Full verification of a credential, returning a structured report.

Checks, in order:

1. ``shape``: parseable JSON object, contexts, types, required fields, and no
   undefined (hence unsigned) terms;
2. ``proof:<verificationMethod>``: one per proof of the proof set, each
   verified independently; plus a failed ``proof:<id>`` for the issuer or an
   expected co-awarder that has no proof at all;
3. ``status``: every ``BitstringStatusListEntry``, against a status list
   credential whose own proofs are verified too;
4. ``validity``: ``validFrom`` / ``validUntil`` against ``now``.

:func:`verify_credential` never raises on malformed input.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .canon import undefined_terms
from .credential import CO_AWARDER_GENRE
from .keys import (
    multikey_to_public_key,
    public_key_from_did_key,
    public_key_from_raw,
    public_key_raw,
)
from .loader import OB_V3P0_CONTEXT, VC_V2_CONTEXT
from .proof import get_proofs, transform_document, verify_proof
from .status_list import check_status

# The codes of the checks (Check.code): callers decide and translate by code.
CODES = (
    "shape_valid",
    "shape_invalid",
    "proof_valid",
    "proof_invalid",
    "proof_missing",
    "no_status",
    "status_clear",
    "revoked",
    "suspended",
    "status_unchecked",
    "status_unavailable",
    "status_untrusted",
    "status_invalid",
    "dates_valid",
    "not_yet_valid",
    "expired",
    "dates_invalid",
    "error",
    # JAdES seals of European Digital Credentials (mc_credentials.jades)
    "seal_shape_valid",
    "seal_shape_invalid",
    "seal_valid",
    "seal_invalid",
    "certificate_match",
    "certificate_swapped",
    "chain_registered",
    "chain_unregistered",
    "certificate_valid",
    "certificate_expired",
    "certificate_not_yet_valid",
)

KeyResolver = Callable[[str], "Ed25519PublicKey | None"]
StatusFetcher = Callable[[str], "dict[str, Any] | None"]


@dataclass
class Check:
    """One line of a verification report."""

    name: str
    ok: bool
    message: str
    skipped: bool = False
    code: str = ""


@dataclass
class VerificationReport:
    """Ordered checks; ``ok`` only if every non-skipped check passed."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Overall result."""
        return bool(self.checks) and all(c.ok or c.skipped for c in self.checks)

    def add(
        self,
        name: str,
        ok: bool,
        message: str,
        skipped: bool = False,
        code: str = "",
    ) -> Check:
        """Append a check and return it; ``code`` (one of :data:`CODES`) says
        what happened, for callers that decide or translate (never parse the
        English ``message``)."""
        check = Check(name, ok, message, skipped, code)
        self.checks.append(check)
        return check

    def get(self, name: str) -> Check | None:
        """Return the first check called ``name``."""
        return next((c for c in self.checks if c.name == name), None)

    def failed(self) -> list[Check]:
        """Checks that failed."""
        return [c for c in self.checks if not c.ok and not c.skipped]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {"ok": self.ok, "checks": [asdict(c) for c in self.checks]}


# --------------------------------------------------------------------------
# key resolution


def _jwk_to_key(jwk: Any) -> Ed25519PublicKey | None:
    if (
        isinstance(jwk, dict)
        and jwk.get("kty") == "OKP"
        and jwk.get("crv") == "Ed25519"
    ):
        x = str(jwk.get("x", ""))
        return public_key_from_raw(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)))
    return None


def _method_key(method: dict[str, Any]) -> Ed25519PublicKey | None:
    if isinstance(method.get("publicKeyMultibase"), str):
        return multikey_to_public_key(method["publicKeyMultibase"])
    return _jwk_to_key(method.get("publicKeyJwk"))


def keys_from_data(data: Any) -> dict[str, Ed25519PublicKey]:
    """Collect ``verificationMethod id -> public key`` from key data.

    Accepted shapes (combinable in a list):

    * ``{"<verificationMethod>": "z6Mk..."}`` (publicKeyMultibase strings);
    * ``{"<verificationMethod>": {"publicKeyMultibase": ...}}``;
    * a controller document ``{"id", "verificationMethod": [Multikey, ...]}``
      (relative ids like ``#key-1`` are resolved against the controller);
    * ``{"controllers": [controller documents]}``.
    """
    out: dict[str, Ed25519PublicKey] = {}
    if isinstance(data, list):
        for item in data:
            out.update(keys_from_data(item))
        return out
    if not isinstance(data, dict):
        raise ValueError("key data must be an object or a list")
    if "controllers" in data:
        out.update(keys_from_data(data["controllers"]))
    if isinstance(data.get("verificationMethod"), list):
        controller = data.get("id", "")
        for method in data["verificationMethod"]:
            if not isinstance(method, dict) or not isinstance(method.get("id"), str):
                continue
            vm_id = method["id"]
            if vm_id.startswith("#"):
                vm_id = controller + vm_id
            key = _method_key(method)
            if key is not None:
                out[vm_id] = key
        return out
    for vm_id, value in data.items():
        if vm_id in ("controllers", "@context"):
            continue
        if isinstance(value, str) and value.startswith("z"):
            out[vm_id] = multikey_to_public_key(value)
        elif isinstance(value, dict):
            key = _method_key(value)
            if key is not None:
                out[vm_id] = key
    return out


def key_owners(table: dict[str, Ed25519PublicKey]) -> dict[str, set[str]]:
    """``verificationMethod -> controllers of other methods with the same key``.

    A partnership that issues joint awards lists each member's key under its
    own identifier (its controller must be the issuer for standard verifiers);
    the member's own controller document lists the same key. A valid proof by
    the partnership's method is then traceable to the member that holds it.
    """
    by_key: dict[bytes, set[str]] = {}
    for vm_id, key in table.items():
        by_key.setdefault(public_key_raw(key), set()).add(vm_id)
    owners: dict[str, set[str]] = {}
    for vm_ids in by_key.values():
        for vm_id in vm_ids:
            others = {_controller(o) for o in vm_ids} - {_controller(vm_id)}
            if others:
                owners[vm_id] = others
    return owners


def make_resolver(key_data: Any = None) -> KeyResolver:
    """Return a resolver: did:key natively, other methods from ``key_data``.

    The resolver's ``owners(verificationMethod)`` gives the other controllers
    that publish the same key (see :func:`key_owners`).
    """
    table = keys_from_data(key_data) if key_data is not None else {}
    owners = key_owners(table)

    def resolve(verification_method: str) -> Ed25519PublicKey | None:
        if not isinstance(verification_method, str):
            return None
        if verification_method in table:
            return table[verification_method]
        if verification_method.startswith("did:key:"):
            return public_key_from_did_key(verification_method)
        return None

    resolve.owners = lambda vm: owners.get(vm, set())
    return resolve


def load_keys_file(path: str | Path) -> KeyResolver:
    """Resolver from a JSON file of keys / controller documents."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return make_resolver(data)


# --------------------------------------------------------------------------
# helpers


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def parse_datetime(value: Any) -> datetime:
    """Parse an XML Schema dateTime; naive values are taken as UTC."""
    if not isinstance(value, str):
        raise ValueError(f"not a date-time string: {value!r}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def _issuer_id(doc: dict[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return issuer["id"]
    return None


def co_awarders(doc: dict[str, Any]) -> list[str]:
    """Ids of the co-awarding institutions declared in ``evidence``.

    Each must have a valid proof in the proof set.
    """
    out = []
    for ev in _as_list(doc.get("evidence")):
        if (
            isinstance(ev, dict)
            and ev.get("genre") == CO_AWARDER_GENRE
            and isinstance(ev.get("id"), str)
        ):
            out.append(ev["id"])
    return out


def _controller(vm: str) -> str:
    return vm.split("#", 1)[0]


def _load(cred: Any) -> tuple[dict[str, Any] | None, str]:
    if isinstance(cred, (bytes, bytearray)):
        try:
            cred = bytes(cred).decode("utf-8")
        except UnicodeDecodeError:
            return None, "input is not UTF-8 text"
    if isinstance(cred, str):
        try:
            cred = json.loads(cred)
        except (ValueError, RecursionError) as exc:
            return None, f"input is not valid JSON: {exc}"
    if not isinstance(cred, dict):
        return None, f"credential must be a JSON object, got {type(cred).__name__}"
    return cred, ""


def _shape_problems(doc: dict[str, Any], strict_terms: bool) -> list[str]:
    problems: list[str] = []
    ctx = _as_list(doc.get("@context"))
    if not ctx or ctx[0] != VC_V2_CONTEXT:
        problems.append(f"@context must start with {VC_V2_CONTEXT}")
    types = _as_list(doc.get("type"))
    if "VerifiableCredential" not in types:
        problems.append("type must include VerifiableCredential")
    if ("OpenBadgeCredential" in types or "AchievementCredential" in types) and (
        OB_V3P0_CONTEXT not in ctx
    ):
        problems.append(f"OpenBadgeCredential requires @context {OB_V3P0_CONTEXT}")
    if _issuer_id(doc) is None:
        problems.append("issuer (URL/DID or object with id) is required")
    subject = doc.get("credentialSubject")
    if not isinstance(subject, (dict, list)) or not subject:
        problems.append("credentialSubject is required")
    elif "OpenBadgeCredential" in types:
        subj = subject if isinstance(subject, dict) else subject[0]
        if not isinstance(subj, dict) or not isinstance(subj.get("achievement"), dict):
            problems.append("credentialSubject.achievement is required")
    for key in ("validFrom", "validUntil"):
        if key in doc:
            try:
                parse_datetime(doc[key])
            except (ValueError, TypeError):
                problems.append(f"{key} is not an XML Schema dateTime")
    if "OpenBadgeCredential" in types and "validFrom" not in doc:
        problems.append("validFrom is required")
    if not get_proofs(doc):
        problems.append("no proof")
    elif not all(isinstance(p, dict) for p in get_proofs(doc)):
        problems.append("every proof must be an object")
    if strict_terms and not problems:
        try:
            bad = undefined_terms({k: v for k, v in doc.items() if k != "proof"})
        except Exception as exc:
            problems.append(f"JSON-LD processing failed: {exc}")
        else:
            if bad:
                problems.append(
                    "terms not defined by the contexts (they would be unsigned): "
                    + ", ".join(bad)
                )
    return problems


def _verify_proofs(
    report: VerificationReport,
    doc: dict[str, Any],
    resolve_key: KeyResolver,
    prefix: str = "proof",
    expected: Iterable[str] = (),
) -> None:
    try:
        doc_canon: str | None = transform_document(doc)
    except Exception:
        doc_canon = None  # each verify_proof reports the error
    valid_controllers: set[str] = set()
    owners_of = getattr(resolve_key, "owners", None) or (lambda _vm: set())
    for proof in get_proofs(doc):
        vm = proof.get("verificationMethod") if isinstance(proof, dict) else None
        try:
            key = resolve_key(vm) if isinstance(vm, str) else None
            key_error = ""
        except Exception as exc:
            key, key_error = None, f"cannot resolve key: {exc}"
        result = verify_proof(doc, proof, key, _document_canon=doc_canon)
        msg = result.message
        if key_error and not result.ok:
            msg = key_error
        report.add(
            f"{prefix}:{result.verification_method}",
            result.ok,
            msg,
            code="proof_valid" if result.ok else "proof_invalid",
        )
        if result.ok:
            valid_controllers.add(_controller(result.verification_method))
            valid_controllers.update(owners_of(result.verification_method))
    for who in expected:
        if who not in valid_controllers:
            report.add(
                f"{prefix}:{who}",
                False,
                "no valid proof by this party (required signer)",
                code="proof_missing",
            )


StatusListTrust = Callable[[dict[str, Any], "str | None"], "list[str]"]


def status_list_problems(
    list_cred: dict[str, Any], resolve_key: KeyResolver, issuer: str | None
) -> list[str]:
    """What makes a status list credential untrustworthy, whatever the time.

    Checks every proof of the list, that its issuer signed it and that it is
    ``issuer`` (the issuer of the credential that points to it). An empty list
    means trusted. The result depends only on the list's content and on the
    keys ``resolve_key`` returns, so callers may cache it (see
    ``status_list_trust`` of :func:`verify_credential`).
    """
    sub = VerificationReport()
    _verify_proofs(sub, list_cred, resolve_key, prefix="status-list-proof")
    if not get_proofs(list_cred):
        sub.add("status-list-proof", False, "status list credential has no proof")
    signers = {_controller(c.name.split(":", 1)[1]) for c in sub.checks if c.ok}
    if _issuer_id(list_cred) not in signers:
        sub.add("status-list-issuer", False, "not signed by its issuer")
    if _issuer_id(list_cred) != issuer:
        sub.add("status-list-issuer", False, "issued by another issuer")
    return [f"{c.name}: {c.message}" for c in sub.failed()]


def _check_status(
    report: VerificationReport,
    doc: dict[str, Any],
    resolve_key: KeyResolver,
    fetch_status_list: StatusFetcher | None,
    now: datetime,
    trust: StatusListTrust | None = None,
) -> None:
    entries = _as_list(doc.get("credentialStatus"))
    if not entries:
        report.add("status", True, "no credentialStatus", code="no_status")
        return
    if fetch_status_list is None:
        report.add(
            "status",
            False,
            "status list not supplied; not checked",
            True,
            code="status_unchecked",
        )
        return
    if trust is None:

        def trust(list_cred, issuer):
            return status_list_problems(list_cred, resolve_key, issuer)

    messages: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict):
            report.add(
                "status",
                False,
                "credentialStatus entry is not an object",
                code="status_invalid",
            )
            return
        if entry.get("type") != "BitstringStatusListEntry":
            report.add(
                "status",
                False,
                f"unsupported status type {entry.get('type')!r}",
                code="status_invalid",
            )
            return
        url = entry.get("statusListCredential")
        try:
            list_cred = fetch_status_list(url)
        except Exception as exc:
            list_cred = None
            messages.append(f"fetch error: {exc}")
        if not isinstance(list_cred, dict):
            report.add(
                "status",
                False,
                f"status list {url!r} not available",
                code="status_unavailable",
            )
            return
        problems = list(trust(list_cred, _issuer_id(doc)))
        try:
            if (
                "validUntil" in list_cred
                and parse_datetime(list_cred["validUntil"]) < now
            ):
                problems.append("status-list-validity: status list expired")
        except (ValueError, TypeError):
            problems.append("status-list-validity: bad validUntil")
        if problems:
            report.add(
                "status",
                False,
                f"status list {url!r} untrusted: " + "; ".join(problems),
                code="status_untrusted",
            )
            return
        try:
            is_set, msg = check_status(entry, list_cred)
        except Exception as exc:
            report.add(
                "status", False, f"status check error: {exc}", code="status_invalid"
            )
            return
        if is_set:
            purpose = entry.get("statusPurpose")
            report.add(
                "status",
                False,
                msg,
                code="suspended" if purpose == "suspension" else "revoked",
            )
            return
        messages.append(msg)
    report.add("status", True, "; ".join(messages), code="status_clear")


def check_credential_status(
    cred: Any,
    fetch_status_list: StatusFetcher | None,
    resolve_key: KeyResolver | None = None,
    now: datetime | None = None,
    status_list_trust: StatusListTrust | None = None,
) -> VerificationReport:
    """Only the time-dependent checks of a credential: ``status`` and
    ``validity``; never raises on malformed input.

    For a credential whose shape and proofs were verified once (they cannot
    change): its status and validity dates can change, its proofs cannot.
    """
    now = _aware(now)

    def checks(report: VerificationReport, doc: dict[str, Any]) -> None:
        resolve = resolve_key or make_resolver()
        _check_status(report, doc, resolve, fetch_status_list, now, status_list_trust)
        _check_validity(report, doc, now)

    return _guarded(cred, checks, "status")


def _guarded(
    cred: Any,
    checks: Callable[[VerificationReport, dict[str, Any]], None],
    guard_name: str,
) -> VerificationReport:
    """Load ``cred`` and run ``checks`` on it; never raise: a document that does
    not load fails ``shape``, an unexpected error fails ``guard_name``."""
    report = VerificationReport()
    try:
        doc, error = _load(cred)
        if doc is None:
            report.add("shape", False, error, code="shape_invalid")
            return report
        checks(report, doc)
    except Exception as exc:  # last-resort guard: never raise
        report.add(
            guard_name,
            False,
            f"unexpected error: {exc.__class__.__name__}: {exc}",
            code="error",
        )
    return report


def _aware(now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def _check_validity(report: VerificationReport, doc: dict[str, Any], now: datetime):
    try:
        if "validFrom" in doc and parse_datetime(doc["validFrom"]) > now:
            report.add(
                "validity",
                False,
                f"not yet valid (validFrom {doc['validFrom']})",
                code="not_yet_valid",
            )
            return
        if "validUntil" in doc and parse_datetime(doc["validUntil"]) <= now:
            report.add(
                "validity",
                False,
                f"expired (validUntil {doc['validUntil']})",
                code="expired",
            )
            return
    except (ValueError, TypeError) as exc:
        report.add("validity", False, f"bad date: {exc}", code="dates_invalid")
        return
    report.add(
        "validity",
        True,
        f"valid at {now.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        code="dates_valid",
    )


def verify_credential(
    cred: Any,
    resolve_key: KeyResolver | None = None,
    fetch_status_list: StatusFetcher | None = None,
    now: datetime | None = None,
    expected_issuers: Iterable[str] | None = None,
    strict_terms: bool = True,
    status_list_trust: StatusListTrust | None = None,
) -> VerificationReport:
    """Verify a credential completely; never raises on malformed input.

    :param cred: dict, JSON text or bytes.
    :param resolve_key: ``verificationMethod -> Ed25519PublicKey | None``;
        default resolves did:key only.
    :param fetch_status_list: ``statusListCredential URL -> dict | None``;
        when ``None`` and the credential has a status, the status check is
        reported as skipped (not failed).
    :param now: reference time (default: current UTC time).
    :param expected_issuers: controller ids (e.g. ``did:web:uni-b.example``)
        that must each have a valid proof (the joint-award partners).
    :param strict_terms: fail ``shape`` on terms the contexts do not define.
    :param status_list_trust: ``(list credential, expected issuer) -> problems``;
        default :func:`status_list_problems` with ``resolve_key``. A caller that
        checks many credentials against the same lists can memoise it by the
        list's content (verifying a list's proofs costs as much as a credential's).
    """
    now = _aware(now)

    def checks(report: VerificationReport, doc: dict[str, Any]) -> None:
        resolve = resolve_key or make_resolver()
        problems = _shape_problems(doc, strict_terms)
        report.add(
            "shape",
            not problems,
            "; ".join(problems) or "well-formed",
            code="shape_invalid" if problems else "shape_valid",
        )
        expected = [_issuer_id(doc)] + co_awarders(doc) + list(expected_issuers or [])
        expected = list(dict.fromkeys(e for e in expected if isinstance(e, str)))
        _verify_proofs(report, doc, resolve, expected=expected)
        _check_status(report, doc, resolve, fetch_status_list, now, status_list_trust)
        _check_validity(report, doc, now)

    return _guarded(cred, checks, "shape")
