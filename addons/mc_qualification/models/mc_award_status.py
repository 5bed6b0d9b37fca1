# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class McAward(models.Model):
    """Status changes of issued awards: suspend, reinstate, revoke and correct."""

    _inherit = "mc.award"

    def action_revoke(self):
        """Open the wizard asking why the awards are revoked."""
        return self._open_status_wizard("revoke")

    def action_suspend(self):
        return self._open_status_wizard("suspend")

    def action_correct(self):
        """Revoke (with a reason) and prepare a draft replacement."""
        return self._open_status_wizard("correct")

    def action_reinstate(self):
        """Lift a suspension: the award is valid again."""
        not_suspended = self.filtered(lambda award: award.state != "suspended")
        if not_suspended:
            raise UserError(
                self.env._(
                    "Only suspended awards can be reinstated: %(awards)s.",
                    awards=", ".join(not_suspended.mapped("display_name")),
                )
            )
        self._check_manager()
        self._write_transition({"state": "issued", "suspension_reason": False})
        self._post_status_change()
        return True

    def _check_manager(self):
        if not self.env.user.has_group(
            "mc_qualification.mc_qualification_group_manager"
        ):
            raise UserError(
                self.env._(
                    "Only a registry manager can suspend, reinstate or revoke "
                    "awards."
                )
            )

    def _open_status_wizard(self, operation):
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Award Status"),
            "res_model": "mc.award.revoke",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_award_ids": self.ids,
                "default_operation": operation,
            },
        }

    def _suspend(self, reason):
        wrong = self.filtered(lambda award: award.state != "issued")
        if wrong:
            raise UserError(
                self.env._(
                    "Only issued awards can be suspended: %(awards)s.",
                    awards=", ".join(wrong.mapped("display_name")),
                )
            )
        self._check_manager()
        self._write_transition({"state": "suspended", "suspension_reason": reason})
        self._post_status_change()

    def _revoke(self, reason):
        wrong = self.filtered(lambda award: award.state not in ("issued", "suspended"))
        if wrong:
            raise UserError(
                self.env._(
                    "Only issued or suspended awards can be revoked: %(awards)s.",
                    awards=", ".join(wrong.mapped("display_name")),
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("The field 'Reason' is required to revoke."))
        self._check_manager()
        self._write_transition(
            {
                "state": "revoked",
                "revocation_reason": reason,
                "revocation_date": fields.Date.context_today(self),
                "revoked_by_id": self.env.uid,
            }
        )
        self._post_status_change()

    def _correct(self, reason):
        """Revoke and create a draft replacement linked both ways."""
        self._revoke(reason)
        replacements = self.create(
            [
                {
                    "enrolment_id": award.enrolment_id.id,
                    "award_mode": award.award_mode,
                    "replaced_award_id": award.id,
                    "line_ids": [
                        fields.Command.create(
                            {"institution_id": line.institution_id.id}
                        )
                        for line in award.line_ids
                    ],
                }
                for award in self
            ]
        )
        for award, replacement in zip(self, replacements, strict=True):
            award._write_transition({"replacement_award_id": replacement.id})
            replacement.message_post(
                body=self.env._(
                    "Replacement for %(award)s, revoked: %(reason)s",
                    award=award.display_name,
                    reason=reason,
                )
            )
        return replacements
