# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import datetime, timezone
from urllib.parse import urlsplit

from mc_credentials import (
    check_credential_status,
    make_resolver,
    status_list_problems,
    verify_credential,
)
from mc_credentials.verify import Check, VerificationReport

from odoo import api, fields, models
from odoo.osv import expression

from .mc_signed_document import sha256_text as _sha256

# Per worker process, bounded, keyed by content hashes (so never stale):
# - shape and proof checks of stored credentials not yet checked by the
#   background job (the page's fallback);
# - the trust verdict of signed status lists (their proofs and issuer), which
#   every page view of the same institution needs.
_PROOF_CACHE = {}
_LIST_TRUST_CACHE = {}
_CACHE_SIZE = 4096
# The checks of a credential that never change once it is stored: its shape and
# its proofs. Status and validity dates are checked on every page view.
_LASTING_CHECKS = ("shape", "proof:")


def _lasting(checks):
    return [check for check in checks if check.name.startswith(_LASTING_CHECKS)]


def _merge_reports(reports):
    """One report for the credentials of one award: every proof line, and one
    line per other check (the first failure among the credentials, else the
    first success)."""
    merged = VerificationReport()
    position = {}
    for report in reports:
        for check in report.checks:
            if check.name.startswith("proof:"):
                merged.checks.append(check)
            elif check.name not in position:
                position[check.name] = len(merged.checks)
                merged.checks.append(check)
            elif merged.checks[position[check.name]].ok and not check.ok:
                merged.checks[position[check.name]] = check
    return merged


def _remember(cache, key, value):
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


class McAward(models.Model):
    """Verification of credentials: keys, status lists, the independent check
    of the stored credentials and the verification report of the page."""

    _inherit = "mc.award"

    @api.model
    def _mc_public_key_table(self):
        """``{verificationMethod: publicKeyMultibase}`` of every key, retired too.

        Public data: used by the verification page and the upload form.
        """
        # sudo: public keys and DIDs are public (served in the controller
        # documents); the private key field is not read.
        keys = (
            self.env["mc.signing.key"]
            .sudo()
            .search([("public_key_multibase", "!=", False)])
        )
        table = {key.verification_method: key.public_key_multibase for key in keys}
        # the same keys under the identifiers of the partnerships (joint awards)
        table.update(
            {
                method: key.public_key_multibase
                for method, key in self._mc_partnership_issuers()
                ._mc_partnership_methods()
                .items()
            }
        )
        return table

    @api.model
    def _mc_partnership_issuers(self):
        """The issuer identities of partnerships (public: served as DIDs)."""
        # sudo: issuer names and identifiers are public.
        return (
            self.env["res.partner"]
            .sudo()
            .search([("mc_issuer_partnership_id", "!=", False)])
        )

    @api.model
    def _mc_resolver(self):
        """Key resolver over the published keys, loaded on first use only."""
        table = []

        def resolver():
            if not table:
                table.append(make_resolver(self._mc_public_key_table()))
            return table[0]

        def resolve(verification_method):
            return resolver()(verification_method)

        # the members holding a partnership's keys (joint awards)
        resolve.owners = lambda method: resolver().owners(method)
        return resolve

    @api.model
    def _mc_status_fetcher(self, preload=()):
        """Return ``url -> signed status list credential`` served by this database.

        Lists are found by their path (``/mc/status/<purpose>/<slug>``), whatever
        host the URL names: the verifier then checks that the list found is the one
        the credential refers to (same id, signed by the same issuer). The lists of
        the URLs in ``preload`` are read in one query.
        """
        prefix = "/mc/status/"
        found = {}

        def key(url):
            path = urlsplit(url).path if isinstance(url, str) else ""
            if not path.startswith(prefix):
                return None
            purpose, _sep, slug = path[len(prefix) :].partition("/")
            return purpose, slug

        def load(keys):
            keys = [k for k in keys if k and k not in found]
            if not keys:
                return
            domain = expression.OR(
                [
                    [("purpose", "=", purpose), ("slug", "=", slug)]
                    for purpose, slug in keys
                ]
            )
            # sudo: status lists are public documents.
            lists = (
                self.env["mc.status.list"]
                .sudo()
                .search_fetch(domain, ["purpose", "slug", "credential_json"])
            )
            for k in keys:
                found[k] = None
            for status_list in lists:
                if status_list.credential_json:
                    found[(status_list.purpose, status_list.slug)] = status_list

        def fetch(url):
            k = key(url)
            if k is None:
                return None
            load([k])
            status_list = found[k]
            return status_list and status_list._parsed_credential()

        load([key(url) for url in preload])
        return fetch

    @api.model
    def _mc_status_list_trust(self):
        """``(list credential, issuer) -> problems``, memoised per process by the
        list's content: a list is re-verified only after it was re-signed."""
        dbname = self.env.cr.dbname
        resolve = self._mc_resolver()

        def trust(list_cred, issuer):
            text = json.dumps(list_cred, sort_keys=True, separators=(",", ":"))
            cache_key = (dbname, issuer, _sha256(text))
            problems = _LIST_TRUST_CACHE.get(cache_key)
            if problems is None:
                problems = _remember(
                    _LIST_TRUST_CACHE,
                    cache_key,
                    tuple(status_list_problems(list_cred, resolve, issuer)),
                )
            return problems

        return trust

    @api.model
    def _mc_verify(self, raw, now=None):
        """Verify a credential (text, bytes or dict) with this database's keys
        and status lists. Never raises on malformed input.

        A credential carries its revocation entry only (OB 3.0 allows one
        ``credentialStatus``): the suspension of an award issued here is read
        from the award itself."""
        report = verify_credential(
            raw,
            self._mc_resolver(),
            fetch_status_list=self._mc_status_fetcher(),
            now=now,
            status_list_trust=self._mc_status_list_trust(),
        )
        status = report.get("status")
        if status and status.ok and self._mc_is_suspended(raw):
            status.ok = False
            status.message = "suspended: the issuer has suspended this credential"
            status.code = "suspended"
        return report

    @api.model
    def _mc_is_suspended(self, raw):
        """Whether ``raw`` is a credential issued here whose award is suspended."""
        try:
            document = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
        except (ValueError, RecursionError):
            return False
        cred_id = document.get("id") if isinstance(document, dict) else None
        if not isinstance(cred_id, str):
            return False
        # sudo: only the state of the award the public credential names is read.
        entry = (
            self.env["mc.status.list.entry"]
            .sudo()
            .search([("credential_uuid", "=", cred_id)], limit=1)
        )
        return entry.award_id.state == "suspended"

    def _mc_credential_texts(self, lines=None):
        """The signed credentials of one award: its own, plus, for a multiple
        award or the institutions awarding separately from a joint award, each
        other institution's (stored on the award lines).

        :param lines: the award's lines, when the caller already read them.
        """
        self.ensure_one()
        texts = [self.credential_json] if self.credential_json else []
        if self.award_mode in ("multiple", "joint_fallback"):
            lines = self.line_ids if lines is None else lines
            for text in lines.mapped("credential_json"):
                if text and text not in texts:
                    texts.append(text)
        return texts

    def _mc_check_credentials(self):
        """The independent check: verify each stored credential of the awards
        completely with the published keys and keep its lasting checks (shape,
        every proof), by the SHA-256 of the text checked.

        A failed check is posted on the award for the registry to act upon.
        """
        resolve = self._mc_resolver()
        now = fields.Datetime.now()
        for award in self.filtered("credential_json"):
            results = {
                _sha256(text): _lasting(verify_credential(text, resolve).checks)
                for text in award._mc_credential_texts()
            }
            failed = [c for checks in results.values() for c in checks if not c.ok]
            ok = all(results.values()) and not failed
            award.write(
                {
                    "credential_checks": {
                        "texts": {
                            digest: [[c.name, c.ok, c.message, c.code] for c in checks]
                            for digest, checks in results.items()
                        }
                    },
                    "credential_check_state": "passed" if ok else "failed",
                    "credential_check_date": now,
                }
            )
            if not ok:
                award.message_post(
                    body=self.env._(
                        "The independent check of the signed credential failed: "
                        "%(problems)s. Revoke the award and issue a replacement.",
                        problems="; ".join(f"{c.name}: {c.message}" for c in failed)
                        or self.env._("no check could be made"),
                    ),
                )

    @api.model
    def _cron_check_credentials(self, batch_size=100):
        """Check the credentials signed since the last run, one batch per step."""
        domain = [
            ("credential_check_state", "=", "pending"),
            ("credential_json", "!=", False),
        ]
        awards = self.search(domain, limit=batch_size, order="id")
        awards._mc_check_credentials()
        remaining = self.search_count(domain) if len(awards) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(awards), remaining=remaining)
        return awards

    def _mc_lasting_checks(self, text, digest):
        """Shape and proof checks of the stored credential ``text``: from the
        independent check when it was made on this very text, else verified now
        (and cached per process)."""
        stored = self.credential_checks
        if self.credential_check_state in ("passed", "failed") and isinstance(
            stored, dict
        ):
            checked = stored.get("texts") or {}
            if digest in checked:
                return [
                    # [name, ok, message, code]; checks stored before codes: 3
                    Check(*stored_check[:3], code=(stored_check[3:] or [""])[0])
                    for stored_check in checked[digest]
                ]
        cache_key = (self.env.cr.dbname, digest)
        checks = _PROOF_CACHE.get(cache_key)
        if checks is None:
            report = verify_credential(text, self._mc_resolver())
            checks = _remember(_PROOF_CACHE, cache_key, _lasting(report.checks))
        return list(checks)

    def _mc_stored_report(self, lines=None):
        """Verification report of the award's stored credentials (a multiple
        award has one per institution), as the page shows it.

        Their shape and proofs cannot change once stored (the texts are
        immutable and bound to the check by their hash; published keys are never
        removed): they come from the independent check. Status bits and validity
        dates can change: they are checked on every call, against the signed
        status lists (all read in one query), whose own proofs are verified once
        per version.
        """
        self.ensure_one()
        texts = self._mc_credential_texts(lines)
        documents = [json.loads(text) for text in texts]
        urls = []
        for document in documents:
            entries = document.get("credentialStatus") or []
            entries = entries if isinstance(entries, list) else [entries]
            urls += [
                e.get("statusListCredential") for e in entries if isinstance(e, dict)
            ]
        fetch = self._mc_status_fetcher(preload=urls)
        trust = self._mc_status_list_trust()
        now = datetime.now(timezone.utc)
        reports = []
        for text, document in zip(texts, documents, strict=True):
            live = check_credential_status(
                document, fetch, now=now, status_list_trust=trust
            )
            reports.append(
                VerificationReport(
                    self._mc_lasting_checks(text, _sha256(text)) + live.checks
                )
            )
        return _merge_reports(reports)
