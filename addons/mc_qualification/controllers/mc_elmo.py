# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""EMREX ELMO transcripts: registry staff download any enrolment's transcript
they may read; a learner downloads their own from the portal (/my/transcripts).
"""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class McElmoPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mc_transcript_count" in counters:
            values["mc_transcript_count"] = len(self._mc_own_enrolments())
        return values

    def _mc_own_enrolments(self):
        """The current user's own enrolments with results. sudo: learners have
        no access to enrolments; the domain restricts to their own partner."""
        partner = request.env.user.partner_id
        return (
            request.env["mc.enrolment"]
            .sudo()
            .search([("learner_id", "=", partner.id), ("result_ids", "!=", False)])
        )

    @http.route(["/my/transcripts"], type="http", auth="user", website=True)
    def portal_my_transcripts(self, **_kwargs):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mc_transcripts",
                "mc_transcripts": [
                    {
                        "id": enrolment.id,
                        "programme": enrolment.programme_id.name,
                        "edition": enrolment.edition_id.name,
                        "ects": enrolment.ects_earned,
                        "complete": enrolment.is_complete,
                    }
                    for enrolment in self._mc_own_enrolments()
                ],
            }
        )
        return request.render("mc_qualification.portal_my_transcripts", values)

    @http.route(["/mc/elmo/<int:enrolment_id>"], type="http", auth="user")
    def mc_elmo_download(self, enrolment_id, **_kwargs):
        enrolment = request.env["mc.enrolment"].browse(enrolment_id)
        if not enrolment.exists() or not enrolment.has_access("read"):
            own = self._mc_own_enrolments().filtered(lambda e: e.id == enrolment_id)
            if not own:
                raise request.not_found()
            enrolment = own
        data = enrolment._mc_elmo_xml()
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "application/xml; charset=utf-8"),
                (
                    "Content-Disposition",
                    http.content_disposition(enrolment._mc_elmo_filename()),
                ),
                ("Cache-Control", "no-store"),
            ],
        )
