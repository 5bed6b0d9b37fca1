# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.mc_qualification.tools import check_date_range, lock_rows


class McLearningAccount(models.Model):
    """A learner's entitlement on an individual learning account scheme: an
    amount valid for a period, consumed by the funded places it pays."""

    _name = "mc.learning.account"
    _description = "Individual learning account"
    _inherit = ("mail.thread",)
    _order = "date_to desc, id desc"

    name = fields.Char(string="Account number", required=True, tracking=True)
    learner_id = fields.Many2one(
        "res.partner",
        string="Learner",
        required=True,
        ondelete="restrict",
        index=True,
        domain=[("is_learner", "=", True)],
    )
    scheme_id = fields.Many2one(
        "mc.ila.scheme", required=True, ondelete="restrict", index=True
    )
    currency_id = fields.Many2one(related="scheme_id.currency_id")
    amount = fields.Monetary(string="Entitlement", required=True, tracking=True)
    date_from = fields.Date(string="Valid from", required=True, tracking=True)
    date_to = fields.Date(string="Valid until", required=True, tracking=True)
    place_ids = fields.One2many("mc.funded.place", "learning_account_id")
    amount_used = fields.Monetary(string="Used", compute="_compute_balance", store=True)
    balance = fields.Monetary(compute="_compute_balance", store=True)

    _sql_constraints = (
        (
            "name_uniq",
            "unique(scheme_id, name)",
            "An account number is unique within its scheme.",
        ),
    )

    @api.depends("amount", "place_ids.ila_amount", "place_ids.state")
    def _compute_balance(self):
        used = {
            account: amount
            for account, amount in self.env["mc.funded.place"]._read_group(
                [("learning_account_id", "in", self.ids), ("state", "=", "allocated")],
                ["learning_account_id"],
                ["ila_amount:sum"],
            )
        }
        for account in self:
            account.amount_used = used.get(account, 0.0)
            account.balance = account.amount - account.amount_used

    @api.depends("name", "learner_id")
    def _compute_display_name(self):
        for account in self:
            account.display_name = f"{account.name} ({account.learner_id.name})"

    @api.constrains("amount", "date_from", "date_to")
    def _check_entitlement(self):
        for account in self:
            if account.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The entitlement of learning account %(name)s cannot be "
                        "negative.",
                        name=account.name,
                    )
                )
        check_date_range(self, "date_from", "date_to")

    def _lock_for_payment(self):
        """Serialise payments from the same accounts (as the agreement's lock)."""
        lock_rows(
            self,
            self.env._(
                "Another user is paying a place from this learning account right "
                "now. Try again in a moment."
            ),
        )
        self.invalidate_recordset(["amount_used", "balance"])

    def _check_can_pay(self, place, amount):
        """Refuse, with the reason, a place this account may not pay."""
        self.ensure_one()
        if place.learner_id != self.learner_id:
            reason = self.env._(
                "Learning account %(account)s belongs to %(owner)s, not to "
                "%(learner)s.",
                account=self.name,
                owner=self.learner_id.name,
                learner=place.learner_id.name,
            )
        elif not self.date_from <= place.date <= self.date_to:
            reason = self.env._(
                "Learning account %(account)s is valid from %(date_from)s to "
                "%(date_to)s; the place is allocated on %(date)s.",
                account=self.name,
                date_from=self.date_from,
                date_to=self.date_to,
                date=place.date,
            )
        elif place.programme_id not in self.scheme_id.programme_ids:
            reason = self.env._(
                "%(programme)s is not eligible for scheme %(scheme)s: learning "
                "account %(account)s cannot pay for it.",
                programme=place.programme_id.display_name,
                scheme=self.scheme_id.name,
                account=self.name,
            )
        elif self.currency_id != place.currency_id:
            reason = self.env._(
                "Learning account %(account)s is in %(currency)s but funding "
                "agreement %(name)s is in %(agreement_currency)s.",
                account=self.name,
                currency=self.currency_id.name,
                name=place.agreement_id.name,
                agreement_currency=place.currency_id.name,
            )
        elif not amount:
            reason = self.env._(
                "Funding agreement %(name)s leaves nothing for learning account "
                "%(account)s to pay: give it a learner share.",
                name=place.agreement_id.name,
                account=self.name,
            )
        else:
            return
        raise ValidationError(reason)

    def _check_balance(self):
        """After the places took their amounts: refuse an overdrawn account."""
        for account in self:
            currency = account.currency_id
            if currency.compare_amounts(account.balance, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "Learning account %(account)s of %(learner)s cannot pay: "
                        "its entitlement of %(amount)s is %(short)s short of what "
                        "its places need (%(used)s).",
                        account=account.name,
                        learner=account.learner_id.name,
                        amount=currency.format(account.amount),
                        short=currency.format(-account.balance),
                        used=currency.format(account.amount_used),
                    )
                )
