# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

PAYERS = [
    ("funder", "Funder"),
    ("employer", "Employer"),
    ("learner", "Learner"),
]


class McFundingShare(models.Model):
    """The part of the fee per place that one payer of a funding agreement bears:
    a fixed amount or a percentage. Fixed amounts come first; percentages share
    what is left of the fee and must add up to 100."""

    _name = "mc.funding.share"
    _description = "Payer share of a funding agreement"
    _order = "agreement_id, sequence, id"

    agreement_id = fields.Many2one(
        "mc.funding.agreement", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    payer = fields.Selection(PAYERS, required=True, default="funder")
    partner_id = fields.Many2one(
        "res.partner",
        string="Employer",
        ondelete="restrict",
        help="The employer invoiced for this share.",
    )
    share_type = fields.Selection(
        [("percent", "Percentage"), ("amount", "Fixed amount")],
        string="Share",
        required=True,
        default="percent",
    )
    percent = fields.Float(string="Percentage", digits=(5, 2))
    amount = fields.Monetary(string="Amount per place")

    _sql_constraints = (
        (
            "payer_uniq",
            "unique(agreement_id, payer)",
            "Each payer bears one share of a funding agreement.",
        ),
    )

    @api.constrains("payer", "partner_id", "share_type", "percent", "amount")
    def _check_share(self):
        for share in self:
            label = dict(self._fields["payer"]._description_selection(self.env))[
                share.payer
            ]
            if share.payer == "employer" and not share.partner_id:
                raise ValidationError(
                    self.env._(
                        "The employer share of %(agreement)s needs the employer to "
                        "invoice.",
                        agreement=share.agreement_id.name,
                    )
                )
            if share.percent < 0 or share.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The %(payer)s share of %(agreement)s cannot be negative.",
                        payer=label,
                        agreement=share.agreement_id.name,
                    )
                )
        self.agreement_id._check_shares()

    def _payer_partner(self, place):
        """Who receives the invoice of this share for ``place``: the funder, the
        employer, or the learner (or, when the learner pays from an individual
        learning account, the scheme's provider)."""
        self.ensure_one()
        if self.payer == "funder":
            return self.agreement_id.funder_id.partner_id
        if self.payer == "employer":
            return self.partner_id
        if place.learning_account_id:
            return place.learning_account_id.scheme_id.funder_id.partner_id
        return place.learner_id
