# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Learner portal: /my/awards lists the learner's own awards with the signed
credential, lets them show or hide their grade on the public page and renew or
withdraw the public link. Awards are addressed by their credential id (a UUID),
never by database id; access goes through the record rules of the portal group.
"""

import re

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class McAwardPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mc_award_count" in counters:
            values["mc_award_count"] = len(request.env["mc.award"]._mc_portal_awards())
        return values

    def _mc_award(self, credential_id):
        """The current user's own award with this credential id, or raise."""
        if not UUID_RE.match(credential_id or ""):
            raise MissingError(request.env._("This award does not exist."))
        award = request.env["mc.award"]._mc_portal_awards(f"urn:uuid:{credential_id}")
        if not award:
            raise MissingError(request.env._("This award does not exist."))
        return award

    @http.route(["/my/awards"], type="http", auth="user", website=True)
    def portal_my_awards(self, **_kwargs):
        values = self._prepare_portal_layout_values()
        awards = request.env["mc.award"]._mc_portal_awards()
        values.update(
            {
                "page_name": "mc_awards",
                "mc_awards": [award._mc_portal_values() for award in awards],
            }
        )
        return request.render("mc_credential.portal_my_awards", values)

    @http.route(
        ["/my/awards/<string:credential_id>"], type="http", auth="user", website=True
    )
    def portal_my_award(self, credential_id, **_kwargs):
        try:
            award = self._mc_award(credential_id)
        except (AccessError, MissingError):
            return request.redirect("/my/awards")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "mc_award", "mc_award": award._mc_portal_values()})
        return request.render("mc_credential.portal_my_award", values)

    @http.route(
        ["/my/awards/<string:credential_id>/credential.json"],
        type="http",
        auth="user",
    )
    def portal_my_award_download(self, credential_id, **_kwargs):
        try:
            award = self._mc_award(credential_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        return request.make_response(
            award.credential_json,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    f'attachment; filename="credential-{credential_id}.json"',
                ),
            ],
        )

    @http.route(
        ["/my/awards/<string:credential_id>/settings"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_award_settings(self, credential_id, action=None, **_kwargs):
        try:
            award = self._mc_award(credential_id)
        except (AccessError, MissingError):
            return request.redirect("/my/awards")
        if action == "show_grade":
            award._mc_portal_set_show_grade(True)
        elif action == "hide_grade":
            award._mc_portal_set_show_grade(False)
        elif action == "renew_link":
            award._mc_portal_renew_link()
        elif action == "withdraw_link":
            award._mc_portal_withdraw_link()
        return request.redirect(f"/my/awards/{credential_id}")
