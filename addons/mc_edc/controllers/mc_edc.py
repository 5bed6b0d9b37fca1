# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""European Digital Credential routes: the sealed EDC of an award (public by
token, and for registry users), its upload check on the verification page, our
one-term JSON-LD context and the programme catalogue in ELM (LOQ)."""

import json

from mc_credentials.edc import ISSUED_CONTEXT_DOCUMENT, ISSUED_CONTEXT_PATH

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.mc_credential.controllers.mc_verify import (
    MAX_UPLOAD_BYTES,
    McVerifyController,
    public_route,
)
from odoo.addons.mc_credential.controllers.public_http import (
    PUBLIC_PATH_PREFIXES,
    document_response,
)

CATALOGUE_MAX_AGE = 3600
# The catalogue and the issued-term context answer 503 when the database is out.
PUBLIC_PATH_PREFIXES.update({"/mc/elm/", "/mc_edc/contexts/"})


class McEdcController(McVerifyController):
    @public_route("/mc/verify/<string:token>/edc")
    def verify_edc_download(self, token, **_kwargs):
        found = self._with_award(
            token,
            lambda award: award._mc_can_download()
            and award.edc_json
            and (award._mc_edc_file_name(), award.edc_json),
        )
        if not found:
            return self._not_found()
        name, text = found
        return document_response(text, max_age=0, filename=name)

    @http.route("/mc/edc/award/<int:award_id>/edc.json", type="http", auth="user")
    def award_edc_download(self, award_id, **_kwargs):
        award = request.env["mc.award"].browse(award_id)
        try:
            award.check_access("read")
            text = award.edc_json
        except (AccessError, MissingError):
            return request.not_found()
        if not text:
            return request.not_found()
        return document_response(text, max_age=0, filename=award._mc_edc_file_name())

    @public_route(ISSUED_CONTEXT_PATH)
    def issued_context(self, **_kwargs):
        return document_response(
            json.dumps(ISSUED_CONTEXT_DOCUMENT), max_age=CATALOGUE_MAX_AGE * 24
        )

    # No CSRF token: the form changes nothing (see the parent route).
    @public_route("/mc/verify/upload", methods=["POST"], csrf=False)
    def verify_upload(self, lang=None, credential=None, **kwargs):
        """A sealed EDC (JWS JSON with payload and signatures) is verified with
        the seal checks; any other file goes to the Open Badge verifier."""
        raw = b""
        if credential is not None and hasattr(credential, "read"):
            raw = credential.read(MAX_UPLOAD_BYTES + 1)
            credential.seek(0)
        if not self._is_sealed_edc(raw):
            return super().verify_upload(lang=lang, credential=credential, **kwargs)
        self._set_lang(lang)
        Award = request.env["mc.award"]
        report, _award = Award._mc_verify_edc(raw)
        values = {
            "error": False,
            "result": Award._mc_report_values(report),
            "summary": {"name": request.env._("European Digital Credential")},
        }
        return self._render("mc_credential.mc_verify_upload", values)

    @staticmethod
    def _is_sealed_edc(raw):
        if not raw or len(raw) > MAX_UPLOAD_BYTES:
            return False
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            return False
        return isinstance(document, dict) and {"payload", "signatures"} <= set(document)

    # ------------------------------------------------------------------------
    # the programme catalogue (harvested by national databases and Europass)

    @staticmethod
    def _catalogue_response(document):
        text = json.dumps(document, ensure_ascii=False, default=str)
        response = document_response(text, max_age=CATALOGUE_MAX_AGE)
        if response.status_code == 200:
            response.headers["Content-Type"] = "application/ld+json; charset=utf-8"
        return response

    @public_route("/mc/elm/programmes")
    def elm_catalogue(self, **_kwargs):
        # sudo: published programmes are public information (the catalogue).
        listing, _skipped = request.env["mc.programme"].sudo()._mc_elm_catalogue()
        return self._catalogue_response(listing)

    @public_route("/mc/elm/programmes/<int:programme_id>")
    def elm_programme(self, programme_id, **_kwargs):
        # sudo: a published programme is public information; others are not found.
        programme = (
            request.env["mc.programme"]
            .sudo()
            .search([("id", "=", programme_id), ("state", "=", "published")])
        )
        if not programme:
            return self._not_found()
        try:
            document = programme._mc_elm_loq()
        except UserError:
            return self._not_found()
        return self._catalogue_response(document)
