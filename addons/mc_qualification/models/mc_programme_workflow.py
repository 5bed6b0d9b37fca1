# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import UserError


class McProgramme(models.Model):
    """The life of a programme version: approval by every partner, publication,
    closing and new versions."""

    _inherit = "mc.programme"

    # -------------------------------------------------------------------- actions

    def action_send_for_approval(self):
        for programme in self:
            if programme.state != "draft":
                raise UserError(
                    self.env._(
                        "Programme %(code)s: only a draft can be sent for approval.",
                        code=programme.code,
                    )
                )
            if programme.ects <= 0:
                raise UserError(
                    self.env._(
                        "Programme %(code)s: add units with ECTS before sending it "
                        "for approval (ECTS must be greater than 0).",
                        code=programme.code,
                    )
                )
            if not programme.eqf_level:
                raise UserError(
                    self.env._(
                        "Programme %(code)s: set the EQF level (1 to 8) before "
                        "sending it for approval.",
                        code=programme.code,
                    )
                )
        self._request_alignment_approvals()
        self.state = "approval"
        return True

    def _request_alignment_approvals(self):
        """Ask every partner institution for its approval: create the missing
        alignment lines, and mark the ones not yet decided as requested."""
        vals_list = []
        for programme in self:
            aligned = programme.alignment_ids.institution_id
            for institution in programme.institution_ids - aligned:
                vals_list.append(
                    {"programme_id": programme.id, "institution_id": institution.id}
                )
        self.env["mc.programme.alignment"].create(vals_list)
        self.alignment_ids.filtered(
            lambda a: a.approval_state in ("to_request", "refused")
        ).action_request()

    def _get_publish_blockers(self):
        """Reasons why self cannot be published, as a list of sentences."""
        self.ensure_one()
        blockers = [
            self.env._("Missing: %(element)s", element=item["label"])
            for item in self._get_checklist()
            if item["section"] in ("mandatory", "cmf") and not item["ok"]
        ]
        approved = self.alignment_ids.filtered(
            lambda a: a.approval_state == "approved"
        ).institution_id
        for institution in self.institution_ids - approved:
            blockers.append(
                self.env._(
                    "Not approved by %(institution)s", institution=institution.name
                )
            )
        return blockers

    def action_publish(self):
        if not self.env.user.has_group(
            "mc_qualification.mc_qualification_group_manager"
        ):
            raise UserError(
                self.env._("Only a registry manager can publish a programme.")
            )
        for programme in self:
            if programme.state != "approval":
                raise UserError(
                    self.env._(
                        "Programme %(code)s: only a programme in approval can be "
                        "published.",
                        code=programme.code,
                    )
                )
            blockers = programme._get_publish_blockers()
            if blockers:
                raise UserError(
                    self.env._(
                        "Programme %(code)s cannot be published yet:\n%(blockers)s",
                        code=programme.code,
                        blockers="\n".join(f"• {b}" for b in blockers),
                    )
                )
        self.write({"state": "published"})
        return True

    def action_back_to_draft(self):
        for programme in self:
            if programme.state != "approval":
                raise UserError(
                    self.env._(
                        "Programme %(code)s: only a programme in approval can go "
                        "back to draft.",
                        code=programme.code,
                    )
                )
        self.write({"state": "draft"})
        return True

    def action_close(self):
        if not self.env.user.has_group(
            "mc_qualification.mc_qualification_group_manager"
        ):
            raise UserError(
                self.env._("Only a registry manager can close a programme.")
            )
        for programme in self:
            if programme.state != "published":
                raise UserError(
                    self.env._(
                        "Programme %(code)s: only a published programme can be closed.",
                        code=programme.code,
                    )
                )
        self.write({"state": "closed"})
        return True

    def action_new_version(self):
        """Copy a published (or closed) programme into a new draft version."""
        self.ensure_one()
        if self.state not in ("published", "closed"):
            raise UserError(
                self.env._(
                    "Programme %(code)s: only a published or closed programme gets a "
                    "new version; edit the draft directly.",
                    code=self.code,
                )
            )
        latest = self.search(
            [("code", "=", self.code), ("company_id", "=", self.company_id.id)],
            order="version desc",
            limit=1,
        )
        new = self.copy(
            {
                "version": latest.version + 1,
                "previous_version_id": self.id,
            }
        )
        self.message_post(
            body=self.env._(
                "New version %(version)s created as a draft.", version=new.version
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.programme",
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_programme_unit_action"
        )
        action["domain"] = [("programme_id", "=", self.id)]
        action["context"] = {"default_programme_id": self.id}
        return action

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Versions"),
            "res_model": "mc.programme",
            "view_mode": "list,form",
            "domain": [
                ("code", "=", self.code),
                ("company_id", "=", self.company_id.id),
            ],
            "context": {"active_test": False},
        }
