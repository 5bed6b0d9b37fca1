# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

OPEN_STATES = ("applied", "enrolled")


class McEnrolment(models.Model):
    """The learner portal's view of the pathways: whitelisted values only."""

    _inherit = "mc.enrolment"

    @api.model
    def _mc_portal_enrolments(self, enrolment_id=None):
        """The current user's own enrolments (optionally one of them).

        Learners have no access rights on the registry's models; the portal
        reads through this method only.
        """
        domain = [("learner_id", "=", self.env.user.partner_id.id)]
        if enrolment_id:
            domain.append(("id", "=", enrolment_id))
        # sudo: restricted to the enrolments whose learner is the current user's
        # partner (domain above); callers only get whitelisted values.
        return self.sudo().search(domain, order="id desc")

    def _mc_portal_pathway_values(self):
        """Whitelisted values of the learner's own pathways."""
        partner = self.env.user.partner_id
        if any(enrolment.learner_id != partner for enrolment in self):
            raise AccessError(self.env._("This is not one of your enrolments."))
        state_labels = dict(
            self.env["mc.recognition"]._fields["state"]._description_selection(
                self.env
            )
        )
        return [
            {
                "id": enrolment.id,
                "programme": enrolment.programme_id.name,
                "edition": enrolment.edition_id.name,
                "ects": enrolment.programme_id.ects,
                "ects_recognised": enrolment.ects_recognised,
                "ects_assessed": enrolment.ects_assessed,
                "progress": enrolment.pathway_progress,
                "open_units": [
                    {"name": unit.name, "ects": unit.ects}
                    for unit in enrolment.open_unit_ids
                ],
                "expires": format_date(self.env, enrolment.credits_expire_on)
                if enrolment.credits_expire_on
                else "",
                "can_upload": enrolment.state in OPEN_STATES
                and not enrolment.award_id,
                "recognitions": [
                    {
                        "achievement": recognition.achievement_name or "",
                        "issuer": recognition.issuer_name or "",
                        "ects": recognition.ects_credited,
                        "state": recognition.state,
                        "state_label": state_labels[recognition.state],
                        "valid_until": format_date(
                            self.env, recognition.credits_valid_until
                        )
                        if recognition.credits_valid_until
                        else "",
                        "refusal_reason": recognition.refusal_reason or ""
                        if recognition.state == "refused"
                        else "",
                    }
                    for recognition in enrolment.recognition_ids
                ],
            }
            for enrolment in self
        ]

    def _mc_portal_request_recognition(self, text, lists_text=None):
        """The learner uploads a credential for one of their own enrolments: it
        is verified and becomes a request for a registry manager."""
        self.ensure_one()
        if self.learner_id != self.env.user.partner_id:
            raise AccessError(self.env._("This is not one of your enrolments."))
        # sudo: the learner's own enrolment (checked above); the request is
        # verified like an officer's upload and decided by a registry manager.
        return self.env["mc.recognition"].sudo()._mc_request_external(
            self.sudo(), text, lists_text
        )
