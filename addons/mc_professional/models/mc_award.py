# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class McAward(models.Model):
    _inherit = "mc.award"

    cpd_record_ids = fields.One2many(
        "mc.cpd.record", "award_id", string="CPD records", readonly=True
    )
    cpd_record_count = fields.Integer(compute="_compute_cpd_record_count")

    def _compute_cpd_record_count(self):
        counts = dict(
            self.env["mc.cpd.record"]._read_group(
                [("award_id", "in", self.ids)], ["award_id"], ["__count"]
            )
        )
        for award in self:
            award.cpd_record_count = counts.get(award, 0)

    @api.model
    def _post_issue(self, awards):
        res = super()._post_issue(awards)
        # CPD records are part of issuing: same transaction, one batch per call.
        self.env["mc.cpd.record"].sudo()._create_for_awards(awards)
        return res

    def action_view_cpd_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_cpd_record_action"
        )
        action["domain"] = [("award_id", "=", self.id)]
        return action

    def _get_supplement_professional_recognition(self):
        """Professional recognition of this award for the qualification
        supplement: one dict per accreditation of the programme valid on the award
        date, with the keys the supplement prints (``body``, ``statement``,
        ``credits``, ``valid_until``) and the details (``sector``,
        ``accreditation_ref``, ``cpd_credits``, ``cpd_unit``, ``co_created``)."""
        self.ensure_one()
        date = self.award_date or fields.Date.context_today(self)
        accreditations = (
            self.env["mc.accreditation"]
            .sudo()
            .search([("programme_id", "=", self.programme_id.id)])
            ._filtered_valid(date)
        )
        earned = {
            record.accreditation_id: record.credits
            for record in self.sudo().cpd_record_ids
        }
        units = dict(
            self.env["mc.professional.body"]
            ._fields["cpd_unit"]
            ._description_selection(self.env)
        )
        sectors = dict(
            self.env["mc.professional.body"]
            ._fields["sector"]
            ._description_selection(self.env)
        )
        return super()._get_supplement_professional_recognition() + [
            {
                "body": accreditation.body_id.name,
                "statement": accreditation._get_supplement_statement(),
                "credits": earned.get(accreditation, accreditation.cpd_credits),
                "sector": sectors.get(accreditation.body_id.sector),
                "accreditation_ref": accreditation.reference or "",
                "cpd_credits": earned.get(accreditation, accreditation.cpd_credits),
                "cpd_unit": units.get(accreditation.body_id.cpd_unit),
                "valid_until": accreditation.date_to,
                "co_created": accreditation.co_created,
            }
            for accreditation in accreditations.sorted(lambda a: a.body_id.name)
        ]
