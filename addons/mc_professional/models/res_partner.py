# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cpd_record_ids = fields.One2many(
        "mc.cpd.record",
        "learner_id",
        string="CPD records",
        groups="mc_professional.mc_professional_group_recognition_officer,"
        "mc_qualification.mc_qualification_group_officer",
    )
    cpd_record_count = fields.Integer(
        compute="_compute_cpd_record_count",
        groups="mc_professional.mc_professional_group_recognition_officer,"
        "mc_qualification.mc_qualification_group_officer",
    )

    def _compute_cpd_record_count(self):
        counts = dict(
            self.env["mc.cpd.record"]._read_group(
                [("learner_id", "in", self.ids)], ["learner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cpd_record_count = counts.get(partner, 0)

    def action_view_cpd_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_cpd_record_action"
        )
        action["domain"] = [("learner_id", "=", self.id)]
        return action
