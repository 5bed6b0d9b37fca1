# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from odoo.addons.mc_qualification.models.mc_programme_checklist import Check


class McProgramme(models.Model):
    _inherit = "mc.programme"

    accreditation_ids = fields.One2many("mc.accreditation", "programme_id")
    accreditation_count = fields.Integer(
        compute="_compute_accreditation_count",
        groups="mc_professional.mc_professional_group_recognition_officer,"
        "mc_qualification.mc_qualification_group_officer",
    )

    def _compute_accreditation_count(self):
        counts = dict(
            self.env["mc.accreditation"]._read_group(
                [("programme_id", "in", self.ids)], ["programme_id"], ["__count"]
            )
        )
        for programme in self:
            programme.accreditation_count = counts.get(programme, 0)

    def action_view_accreditations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_accreditation_action"
        )
        action["domain"] = [("programme_id", "=", self.id)]
        action["context"] = {"default_programme_id": self.id}
        return action

    # ------------------------------------------------------------ checklist
    @api.model
    def _mc_checklist_sections(self):
        return super()._mc_checklist_sections() + [
            ("professional", self.env._("Professional recognition"), False)
        ]

    @api.model
    def _mc_checklist_checks(self):
        return super()._mc_checklist_checks() + [
            Check(
                "professional",
                "accreditation",
                self.env._("Accreditation requested from a professional body"),
                lambda programme, _facts: programme._has_accreditation(),
                applies=lambda programme, _facts: bool(programme.recognition_bodies),
            )
        ]

    def _has_accreditation(self):
        self.ensure_one()
        # Registry officers see the checklist without the recognition officer's
        # right to read accreditations: only whether one exists is shown.
        return bool(self.sudo().accreditation_ids)
