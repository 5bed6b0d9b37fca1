# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

STATUS_TEMPLATES = {
    "revoked": "mc_qualification.mail_template_mc_award_revoked",
    "suspended": "mc_qualification.mail_template_mc_award_suspended",
    "issued": "mc_qualification.mail_template_mc_award_reinstated",
}


class McAward(models.Model):
    """Learners are told, in their own language, when their award is revoked,
    suspended or reinstated."""

    _inherit = "mc.award"

    def _post_status_change(self):
        res = super()._post_status_change()
        self._mc_notify_status()
        return res

    def _mc_notify_status(self):
        """One e-mail per award to its learner (with an address), from the
        template of the award's new state, rendered in the learner's
        language; queued, sent by the mail cron."""
        for state, xmlid in STATUS_TEMPLATES.items():
            awards = self.filtered(
                lambda award, s=state: award.state == s and award.learner_id.email
            )
            template = self.env.ref(xmlid, raise_if_not_found=False)
            if awards and template:
                # sudo: registry managers may not read mail templates.
                template.sudo().send_mail_batch(
                    awards.ids,
                    email_layout_xmlid="mail.mail_notification_light",
                )
