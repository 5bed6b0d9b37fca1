# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Public, login-free routes of the credentials: verification page, signed JSON
download, upload-and-verify form, did:web controller documents, status lists.

Rules: records are looked up by an unguessable token (indexed field, then a
constant-time comparison), never by database id; templates receive whitelisted
dicts, never recordsets; a wrong or malformed token gives the 404 page.
The routes are read-only: with ``db_replica_host`` they read from the replica
(a token it has not replayed yet is looked up on the primary), and the published
documents are cacheable (see public_http.py).
"""

import hmac
import json
import re
import time

from odoo import http
from odoo.http import request

from .public_http import PRIVACY_HEADERS, document_response, on_primary

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MAX_UPLOAD_BYTES = 512 * 1024
DID_DOCUMENT_MAX_AGE = 300
STATUS_PURPOSES = ("revocation", "suspension")
# Rendered verification pages, per process: (db, award id, lang) -> (version,
# expiry, html). A page is served again only while its version (one query,
# mc.award._mc_page_version) is unchanged, and at most PAGE_CACHE_SECONDS (or
# until the credential's validUntil), so that it always shows the live status.
PAGE_CACHE_SECONDS = 300
PAGE_CACHE_SIZE = 2048
_PAGES = {}


def public_route(route, methods=("GET",), **kwargs):
    """A login-free route of this controller: no session saved or created, not
    in the sitemap, read-only cursor (the routes change nothing)."""
    return http.route(
        route,
        type="http",
        auth="public",
        methods=list(methods),
        sitemap=False,
        readonly=True,
        save_session=False,
        **kwargs,
    )


class McVerifyController(http.Controller):
    # --------------------------------------------------------------------
    # helpers

    def _set_lang(self, lang):
        """Render in the requested language: ?lang=xx, else the browser's."""
        Lang = request.env["res.lang"]
        installed = [code for code, _name in Lang.get_installed()]
        wanted = []
        if lang:
            wanted.append(lang)
        accept = request.httprequest.accept_languages
        wanted += [value.replace("-", "_") for value, _quality in accept]
        for code in wanted:
            if not isinstance(code, str):
                continue
            for candidate in installed:
                if candidate == code or candidate.split("_")[0] == code:
                    request.update_context(lang=candidate)
                    return candidate
        return request.env.lang

    def _render_html(self, template, values):
        values = dict(values, page_lang=request.env.lang, request=request)
        # no company on these pages: spares reading the public user's company
        values.setdefault("res_company", request.env["res.company"])
        return request.env["ir.ui.view"]._render_template(template, values)

    def _render(self, template, values, status=200):
        """Render now, so that the response carries a Content-Length (a lazy
        response is streamed in chunks on a connection the server closes)."""
        return self._html_response(self._render_html(template, values), status)

    def _html_response(self, html, status=200):
        return request.make_response(
            html,
            # the pages show live status: never stored by a proxy or a browser
            headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "no-store"),
                *PRIVACY_HEADERS,
            ],
            status=status,
        )

    def _not_found(self):
        return self._render(
            "mc_credential.mc_verify_not_found", {"title": "not found"}, status=404
        )

    def _award_by_token(self, token, env=None):
        """The issued award whose public token is ``token``, else an empty set."""
        Award = (env or request.env)["mc.award"]
        if not isinstance(token, str) or not TOKEN_RE.match(token):
            return Award
        # sudo: the public has no access to awards; the unguessable token is the
        # credential to see this one award's public summary.
        award = Award.sudo().search_fetch(
            [
                ("verification_token", "=", token),
                ("state", "in", ("issued", "suspended", "revoked")),
                ("credential_json", "!=", False),
            ],
            Award._mc_public_fields(),
            limit=1,
        )
        if not award or not hmac.compare_digest(
            award.verification_token.encode(), token.encode()
        ):
            return Award
        return award

    def _with_award(self, token, use):
        """``use(award)`` for the award of ``token`` (plain values only), else
        None. Read from a replica that has not replayed a fresh award yet, the
        token is looked up on the primary: never a wrong "unknown"."""
        award = self._award_by_token(token)
        if award:
            return use(award)

        def lookup(env):
            award = self._award_by_token(token, env)
            return use(award) if award else None

        return on_primary(lookup)

    # --------------------------------------------------------------------
    # verification page

    @public_route("/mc/verify/<string:token>")
    def verify_page(self, token, lang=None, **_kwargs):
        lang = self._set_lang(lang)
        award_id, version, valid_until = False, None, None
        if isinstance(token, str) and TOKEN_RE.match(token):
            award_id, version, valid_until = request.env["mc.award"]._mc_page_version(
                token
            )
        key = (request.env.cr.dbname, id(request.env.registry), award_id, lang)
        cached = _PAGES.get(key) if award_id else None
        if cached and cached[0] == version and cached[1] > time.time():
            return self._html_response(cached[2])
        values = self._with_award(token, lambda award: award._mc_public_values())
        if not values:
            return self._not_found()
        values["token"] = token
        html = self._render_html("mc_credential.mc_verify_page", values)
        if award_id:
            self._remember_page(key, version, html, valid_until)
        return self._html_response(html)

    @staticmethod
    def _remember_page(key, version, html, valid_until=None):
        expiry = time.time() + PAGE_CACHE_SECONDS
        if valid_until:
            expiry = min(expiry, valid_until.timestamp())
        if expiry <= time.time():
            return
        if len(_PAGES) >= PAGE_CACHE_SIZE:
            _PAGES.clear()
        _PAGES[key] = (version, expiry, html)

    @public_route("/mc/verify/<string:token>/credential.json")
    def verify_download(self, token, **_kwargs):
        found = self._with_award(
            token,
            lambda award: award._mc_can_download()
            and (award.credential_uuid, award.credential_json),
        )
        if not found:
            return self._not_found()
        uuid, text = found
        name = uuid.rsplit(":", 1)[-1]
        return document_response(text, max_age=0, filename=f"credential-{name}.json")

    @public_route("/mc/verify")
    def verify_form(self, lang=None, **_kwargs):
        self._set_lang(lang)
        return self._render("mc_credential.mc_verify_upload", {})

    # No CSRF token: the form changes nothing (it only verifies the posted file),
    # and employers post to it without a session.
    @public_route("/mc/verify/upload", methods=["POST"], csrf=False)
    def verify_upload(self, lang=None, credential=None, **_kwargs):
        self._set_lang(lang)
        error = False
        raw = b""
        if credential is None or not hasattr(credential, "read"):
            error = "missing"
        else:
            raw = credential.read(MAX_UPLOAD_BYTES + 1)
            if len(raw) > MAX_UPLOAD_BYTES:
                error = "too_large"
            elif not raw.strip():
                error = "missing"
        values = {"error": error, "result": False}
        if not error:
            report = request.env["mc.award"]._mc_verify(raw)
            values["result"] = request.env["mc.award"]._mc_report_values(report)
            values["summary"] = self._upload_summary(raw)
        status = 400 if error else 200
        return self._render("mc_credential.mc_verify_upload", values, status)

    @staticmethod
    def _upload_summary(raw):
        """Name of the credential and of its issuer, as claimed by the file."""
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
        if not isinstance(document, dict):
            return {}
        issuer = document.get("issuer")
        issuer_name = issuer.get("name") if isinstance(issuer, dict) else issuer
        name = document.get("name")
        return {
            "name": name if isinstance(name, str) else False,
            "issuer": issuer_name if isinstance(issuer_name, str) else False,
            "valid_from": document.get("validFrom")
            if isinstance(document.get("validFrom"), str)
            else False,
        }

    # --------------------------------------------------------------------
    # published keys and status lists

    @public_route("/mc/issuers/<string:slug>/did.json")
    def issuer_document(self, slug, **_kwargs):
        if not SLUG_RE.match(slug):
            return self._not_found()
        # sudo: controller documents publish public keys only.
        institution = (
            request.env["res.partner"]
            .sudo()
            .search([("mc_issuer_slug", "=", slug)], limit=1)
        )
        if not institution or not (
            institution.mc_signing_key_ids or institution.mc_issuer_partnership_id
        ):
            return self._not_found()
        document = institution._mc_controller_document()
        return document_response(
            json.dumps(document, indent=2), max_age=DID_DOCUMENT_MAX_AGE
        )

    @public_route("/mc/status/<string:purpose>/<string:slug>")
    def status_list(self, purpose, slug, **_kwargs):
        if purpose not in STATUS_PURPOSES or not SLUG_RE.match(slug):
            return self._not_found()
        # sudo: status list credentials are public documents.
        # one query for the hash (a conditional GET needs nothing else), the
        # document itself only when it is sent
        status_list = (
            request.env["mc.status.list"]
            .sudo()
            .search_fetch(
                [("purpose", "=", purpose), ("slug", "=", slug)],
                ["credential_hash"],
                limit=1,
            )
        )
        if not status_list.credential_hash:
            return self._not_found()
        return document_response(
            lambda: status_list._public_credential()[0],
            max_age=status_list._ttl_seconds,
            etag=status_list.credential_hash,
        )
