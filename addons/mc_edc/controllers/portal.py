# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.mc_credential.controllers.portal import McAwardPortal


class McEdcPortal(McAwardPortal):
    @http.route(
        ["/my/awards/<string:credential_id>/edc.json"], type="http", auth="user"
    )
    def portal_my_award_edc(self, credential_id, **_kwargs):
        try:
            award = self._mc_award(credential_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        # sudo: the learner's own award (checked by _mc_award)
        text = award.sudo().edc_json
        if not text:
            raise request.not_found()
        return request.make_response(
            text,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    f'attachment; filename="{award._mc_edc_file_name()}"',
                ),
            ],
        )
