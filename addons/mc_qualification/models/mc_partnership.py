# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools import check_date_range


class McPartnership(models.Model):
    """A consortium of institutions that runs joint programmes."""

    _name = "mc.partnership"
    _description = "Partnership"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "name"

    active = fields.Boolean(default=True)
    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    member_ids = fields.One2many(
        "mc.partnership.member", "partnership_id", string="Members", copy=True
    )
    institution_ids = fields.Many2many(
        "res.partner",
        string="Institutions",
        compute="_compute_institution_ids",
    )
    leading_institution_id = fields.Many2one(
        "res.partner",
        string="Leading institution",
        compute="_compute_leading_institution_id",
        store=True,
        help="Its rules decide who signs joint awards and in which languages they "
        "are issued.",
    )
    ownership_model = fields.Selection(
        [
            ("joint", "Joint (co-owned by the consortium)"),
            ("network", "Network (institutions exchange mobility windows)"),
        ],
        required=True,
        default="joint",
        tracking=True,
    )
    agreement_ref = fields.Char(string="Agreement reference", tracking=True)
    date_start = fields.Date(string="Start date", tracking=True)
    date_end = fields.Date(string="End date", tracking=True)
    notes = fields.Html()
    programme_ids = fields.One2many("mc.programme", "partnership_id")
    programme_count = fields.Integer(compute="_compute_programme_count")

    _sql_constraints = (
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A partnership with this code already exists.",
        ),
    )

    @api.depends("member_ids.institution_id")
    def _compute_institution_ids(self):
        for partnership in self:
            partnership.institution_ids = partnership.member_ids.institution_id

    @api.depends("member_ids.role", "member_ids.institution_id")
    def _compute_leading_institution_id(self):
        for partnership in self:
            leading = partnership.member_ids.filtered(lambda m: m.role == "leading")
            partnership.leading_institution_id = leading[:1].institution_id

    @api.depends("programme_ids")
    def _compute_programme_count(self):
        counts = dict(
            self.env["mc.programme"]._read_group(
                [("partnership_id", "in", self.ids)], ["partnership_id"], ["__count"]
            )
        )
        for partnership in self:
            partnership.programme_count = counts.get(partnership, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        check_date_range(self, "date_start", "date_end")

    def action_view_programmes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_programme_action"
        )
        action["domain"] = [("partnership_id", "=", self.id)]
        action["context"] = {"default_partnership_id": self.id}
        return action
