# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Learner portal: /my/pathways shows the progress towards each programme the
learner follows (ECTS recognised and earned, units open, when recognised credits
lapse) and takes an Open Badges 3.0 credential issued elsewhere as a
recognition request."""

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_BYTES = 512 * 1024


class McStackingPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mc_pathway_count" in counters:
            values["mc_pathway_count"] = len(
                request.env["mc.enrolment"]._mc_portal_enrolments()
            )
        return values

    @http.route(["/my/pathways"], type="http", auth="user", website=True)
    def portal_my_pathways(self, message=None, **_kwargs):
        values = self._prepare_portal_layout_values()
        enrolments = request.env["mc.enrolment"]._mc_portal_enrolments()
        values.update(
            {
                "page_name": "mc_pathways",
                "mc_pathways": enrolments._mc_portal_pathway_values(),
                "mc_message": message == "requested",
                "mc_error": "",
            }
        )
        return request.render("mc_stacking.portal_my_pathways", values)

    @http.route(
        ["/my/pathways/recognition"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_request_recognition(self, enrolment=None, credential=None, **kw):
        try:
            enrolment_id = int(enrolment or 0)
        except ValueError:
            enrolment_id = 0
        target = request.env["mc.enrolment"]._mc_portal_enrolments(enrolment_id)
        if not enrolment_id or len(target) != 1:
            return request.redirect("/my/pathways")
        try:
            text = self._mc_read_upload(credential, required=True)
            lists = self._mc_read_upload(kw.get("status_lists"))
            target._mc_portal_request_recognition(text, lists)
        except UserError as error:
            values = self._prepare_portal_layout_values()
            values.update(
                {
                    "page_name": "mc_pathways",
                    "mc_pathways": request.env["mc.enrolment"]
                    ._mc_portal_enrolments()
                    ._mc_portal_pathway_values(),
                    "mc_message": False,
                    "mc_error": str(error.args[0]),
                }
            )
            return request.render("mc_stacking.portal_my_pathways", values)
        return request.redirect("/my/pathways?message=requested")

    def _mc_read_upload(self, upload, required=False):
        """The uploaded file as text (UTF-8, at most 512 KB)."""
        raw = upload.read(MAX_BYTES + 1) if upload else b""
        if not raw:
            if required:
                raise UserError(request.env._("Choose the credential file."))
            return None
        if len(raw) > MAX_BYTES:
            raise UserError(request.env._("The file is larger than 512 KB."))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UserError(
                request.env._("The file is not a text file (UTF-8 JSON).")
            ) from error
