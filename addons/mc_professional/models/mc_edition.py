# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class McEdition(models.Model):
    _inherit = "mc.edition"

    funding_agreement_ids = fields.One2many("mc.funding.agreement", "edition_id")
    fee_currency_id = fields.Many2one(
        "res.currency",
        string="Fee currency",
        default=lambda self: self.env.company.currency_id,
        help="Currency of the fee per place; funding agreements on this edition "
        "must use the same currency.",
    )
    fee_amount = fields.Monetary(
        string="Fee per place",
        currency_field="fee_currency_id",
        tracking=True,
        help="What one place on this edition costs; the payers of a funding "
        "agreement share it.",
    )

    @api.constrains("fee_amount", "fee_currency_id")
    def _check_fee(self):
        for edition in self:
            if edition.fee_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The fee per place of edition %(edition)s cannot be "
                        "negative (%(amount)s).",
                        edition=edition.display_name,
                        amount=edition.fee_amount,
                    )
                )
            if edition.fee_amount and not edition.fee_currency_id:
                raise ValidationError(
                    self.env._(
                        "Edition %(edition)s has a fee per place: give its currency.",
                        edition=edition.display_name,
                    )
                )
