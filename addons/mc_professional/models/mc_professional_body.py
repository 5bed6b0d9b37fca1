# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

SECTORS = [
    ("psychology", "Psychology"),
    ("it", "Information technology"),
    ("healthcare", "Medicine and healthcare"),
    ("accountancy", "Accountancy"),
    ("education", "Education"),
    ("business", "Business"),
    ("other", "Other"),
]


class McProfessionalBody(models.Model):
    """A professional organisation or sector body that recognises, co-creates or
    accredits programmes and grants CPD credits under its own framework."""

    _name = "mc.professional.body"
    _description = "Professional body"
    _inherit = ("mail.thread",)
    _order = "name"

    # Identity
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        ondelete="restrict",
        tracking=True,
        help="The body's contact record; users of this organisation's portal see "
        "its accreditations.",
    )
    name = fields.Char(
        related="partner_id.name", store=True, readonly=True, string="Name"
    )
    logo = fields.Image(related="partner_id.image_1920", string="Logo")
    code = fields.Char(help="Short name printed on certificates, e.g. BPS or BCS.")
    active = fields.Boolean(default=True)
    sector = fields.Selection(SECTORS, required=True, default="other", tracking=True)
    country_id = fields.Many2one("res.country", tracking=True)
    # CPD framework
    cpd_framework = fields.Char(
        string="CPD framework",
        help="Name of the body's continuing professional development scheme.",
    )
    cpd_unit = fields.Selection(
        [("points", "Points"), ("hours", "Hours")],
        string="CPD unit",
        required=True,
        default="points",
    )
    cpd_basis = fields.Selection(
        [("ects", "Per ECTS credit"), ("hours", "Per study hour")],
        string="CPD conversion basis",
        required=True,
        default="ects",
        help="What the conversion rate applies to when suggesting a CPD value.",
    )
    cpd_rate = fields.Float(
        string="CPD conversion rate",
        default=1.0,
        digits=(16, 2),
        help="CPD units granted per ECTS credit or per study hour (suggestion "
        "only: each accreditation records the value the body actually grants).",
    )
    expiry_reminder_days = fields.Integer(
        default=60,
        help="How many days before an accreditation ends a renewal activity is "
        "scheduled for the recognition officer.",
    )
    # Portal
    portal_user_ids = fields.Many2many(
        "res.users",
        "mc_professional_body_portal_user_rel",
        "body_id",
        "user_id",
        string="Portal users",
        domain=[("share", "=", True)],
        help="Portal users who record decisions for this body. Portal users whose "
        "company is the body's organisation have access too.",
    )
    accreditation_ids = fields.One2many("mc.accreditation", "body_id")
    accreditation_count = fields.Integer(compute="_compute_accreditation_count")
    note = fields.Html()

    _sql_constraints = (
        (
            "partner_uniq",
            "unique(partner_id)",
            "An organisation can only be registered once as a professional body.",
        ),
    )

    def _compute_accreditation_count(self):
        counts = dict(
            self.env["mc.accreditation"]._read_group(
                [("body_id", "in", self.ids)], ["body_id"], ["__count"]
            )
        )
        for body in self:
            body.accreditation_count = counts.get(body, 0)

    @api.constrains("cpd_rate", "expiry_reminder_days")
    def _check_cpd_rate(self):
        for body in self:
            if body.cpd_rate < 0:
                raise ValidationError(
                    self.env._(
                        "CPD conversion rate of %(body)s cannot be negative.",
                        body=body.display_name,
                    )
                )
            if body.expiry_reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "Expiry reminder days of %(body)s cannot be negative.",
                        body=body.display_name,
                    )
                )

    @api.constrains("portal_user_ids")
    def _check_portal_users(self):
        for body in self:
            internal = body.portal_user_ids.filtered(lambda user: not user.share)
            if internal:
                raise ValidationError(
                    self.env._(
                        "Portal users of %(body)s must be portal users; %(users)s "
                        "are internal users.",
                        body=body.display_name,
                        users=", ".join(internal.mapped("name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        bodies = super().create(vals_list)
        bodies._grant_portal_group()
        return bodies

    def write(self, vals):
        res = super().write(vals)
        if "portal_user_ids" in vals:
            self._grant_portal_group()
        return res

    def action_view_accreditations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_accreditation_action"
        )
        action["domain"] = [("body_id", "=", self.id)]
        action["context"] = {"default_body_id": self.id}
        return action

    def _grant_portal_group(self):
        group = self.env.ref("mc_professional.mc_professional_group_portal")
        users = self.portal_user_ids - group.users
        if users:
            # Recognition officers may not manage users: grant only this portal group,
            # only to the portal users they linked to a body.
            users.sudo().write({"groups_id": [fields.Command.link(group.id)]})

    def _suggest_cpd_credits(self, ects, hours):
        """CPD value this body's conversion rule gives for a programme volume."""
        self.ensure_one()
        base = ects if self.cpd_basis == "ects" else hours
        return float_round((base or 0.0) * self.cpd_rate, precision_digits=2)
