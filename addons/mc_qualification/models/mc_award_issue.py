# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class McAward(models.Model):
    """Issuing: draft awards for enrolments, numbered, classified, issued in batch."""

    _inherit = "mc.award"

    def action_issue(self):
        """Issue draft awards, in batch: lock the enrolments, check the
        blockers, number every line, classify it and issue them all."""
        if not self:
            return True
        self.check_access("write")
        not_draft = self.filtered(lambda award: award.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft awards can be issued: %(awards)s.",
                    awards=", ".join(not_draft.mapped("display_name")),
                )
            )
        enrolments = self.enrolment_id
        enrolments._lock_for_award()
        today = fields.Date.context_today(self)
        for date, awards in self.grouped(lambda a: a.award_date or today).items():
            blockers = awards.enrolment_id.with_context(
                mc_award_date=date
            )._get_award_blockers()
            if blockers:
                raise UserError(self._format_blockers(blockers))
        self.line_ids._assign_award_numbers()
        self.line_ids._assign_classifications()
        # The chatter trail is written in two batched inserts below rather than
        # by per-record tracking, which would cost one message create per award.
        log = not self.env.context.get("tracking_disable")
        quiet = self.with_context(tracking_disable=True)
        quiet.filtered(lambda award: not award.award_date)._write_transition(
            {"award_date": today}
        )
        quiet._write_transition({"state": "issued", "issued_by_id": self.env.uid})
        to_complete = enrolments.filtered(lambda e: e.state == "enrolled")
        to_complete.with_context(tracking_disable=True).write({"state": "completed"})
        if log:
            self._log_state_change(
                self,
                "draft",
                {
                    award.id: self.env._(
                        "Award issued: %(numbers)s", numbers=award.name
                    )
                    for award in self
                },
            )
            self._log_state_change(
                to_complete,
                "enrolled",
                dict.fromkeys(to_complete.ids, self.env._("Award issued.")),
            )
        self._post_issue(self)
        return True

    @api.model
    def _create_for_enrolments(self, enrolments):
        """Draft awards for enrolments that have none (existing drafts are
        reused), with one line per awarding institution. Raises a UserError
        listing every blocker when one enrolment cannot be awarded."""
        enrolments._lock_for_award()
        existing = self.search(
            [("enrolment_id", "in", enrolments.ids), ("state", "!=", "revoked")]
        )
        blockers = enrolments._get_award_blockers()
        if blockers:
            raise UserError(self._format_blockers(blockers))
        plan = (enrolments - existing.enrolment_id)._get_awarding_plan()
        vals_list = [
            {
                "enrolment_id": enrolment.id,
                "award_mode": mode,
                "line_ids": [
                    fields.Command.create(vals)
                    for vals in enrolment.programme_id._mc_award_line_vals(
                        institutions, mode
                    )
                ],
            }
            for enrolment, (mode, institutions) in plan.items()
        ]
        return existing | self.create(vals_list)

    @api.model
    def _format_blockers(self, blockers):
        enrolments = self.env["mc.enrolment"].browse(list(blockers))
        lines = [
            f"• {enrolment.display_name}: {' '.join(blockers[enrolment.id])}"
            for enrolment in enrolments
        ]
        return self.env._(
            "These enrolments cannot be awarded:\n%(lines)s", lines="\n".join(lines)
        )

    @api.model
    def _issue_enrolments(self, enrolments):
        """Create (or reuse) and issue the awards of enrolments in one batch.
        The issue message of each award stands for its creation message."""
        awards = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )._create_for_enrolments(enrolments)
        awards.filtered(lambda award: award.state == "draft").action_issue()
        return awards.with_env(self.env)

    @api.model
    def _log_state_change(self, records, old_state, bodies):
        """Log a state change on many records with two batched inserts: the
        messages, then their tracking values (what per-record tracking shows)."""
        if not records:
            return
        # Messages are created as superuser like _message_log_batch does: the
        # caller has already changed these records, so it may read them.
        messages = records._message_log_batch(bodies)
        field_info = records.fields_get(["state"])["state"]
        tracking_model = self.env["mail.tracking.value"].sudo()
        by_record = {message.res_id: message for message in messages}
        tracking_model.create(
            [
                dict(
                    tracking_model._create_tracking_values(
                        old_state, record.state, "state", field_info, record
                    ),
                    mail_message_id=by_record[record.id].id,
                )
                for record in records
            ]
        )
