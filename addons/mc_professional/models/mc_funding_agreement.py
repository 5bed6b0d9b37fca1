# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.mc_qualification.tools import check_date_range, lock_rows

ACCOUNTING_GROUP = "account.group_account_invoice"


class McFundingAgreement(models.Model):
    """A funder's commitment to pay a number of places on a programme (or on one
    edition of it) during a period."""

    _name = "mc.funding.agreement"
    _description = "Funding agreement"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "date_from desc, id desc"

    name = fields.Char(string="Reference", required=True, tracking=True)
    funder_id = fields.Many2one(
        "mc.funder", required=True, ondelete="restrict", index=True, tracking=True
    )
    funder_type = fields.Selection(related="funder_id.funder_type", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        required=True,
        default="draft",
        copy=False,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # What is funded
    edition_id = fields.Many2one(
        "mc.edition",
        ondelete="restrict",
        index=True,
        tracking=True,
        help="Leave empty to fund places on any edition of the programme.",
    )
    programme_id = fields.Many2one(
        "mc.programme",
        string="Programme version",
        compute="_compute_programme_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    date_from = fields.Date(string="Start", required=True, tracking=True)
    date_to = fields.Date(string="End", required=True, tracking=True)
    eligibility = fields.Text(
        string="Eligibility conditions",
        help="Who may take a funded place, e.g. employees of member companies.",
    )
    # Money
    places = fields.Integer(string="Funded places", required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount_per_place = fields.Monetary(required=True, tracking=True)
    amount_total = fields.Monetary(
        string="Committed",
        compute="_compute_amount_total",
        store=True,
        help="Places × amount per place: what the funder committed to pay.",
    )
    # Who pays what
    share_ids = fields.One2many(
        "mc.funding.share",
        "agreement_id",
        string="Payer shares",
        copy=True,
        help="How the fee per place of the edition is shared between the funder, "
        "an employer and the learner.",
    )
    edition_fee = fields.Monetary(
        string="Fee per place",
        related="edition_id.fee_amount",
        currency_field="currency_id",
        help="The edition's fee per place, shared between the payers.",
    )
    cutoff_date = fields.Date(
        string="Withdrawal cut-off",
        tracking=True,
        help="A place released or a learner withdrawn before this date is "
        "credited; after it, the place stays invoiced. Empty: always credited.",
    )
    # Invoicing (Odoo's accounting)
    invoice_ids = fields.One2many(
        "account.move",
        "mc_funding_agreement_id",
        string="Invoices and credit notes",
        groups=ACCOUNTING_GROUP,
    )
    invoice_count = fields.Integer(
        compute="_compute_invoicing", groups=ACCOUNTING_GROUP
    )
    places_invoiced = fields.Integer(
        compute="_compute_invoicing", groups=ACCOUNTING_GROUP
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_invoicing",
        groups=ACCOUNTING_GROUP,
        help="Posted invoices minus posted credit notes, taxes included.",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_invoicing",
        groups=ACCOUNTING_GROUP,
        help="What the payers paid on the posted invoices, from Odoo's payments.",
    )
    # Use
    funded_place_ids = fields.One2many("mc.funded.place", "agreement_id")
    places_used = fields.Integer(compute="_compute_places_used", store=True)
    places_remaining = fields.Integer(compute="_compute_places_used", store=True)
    amount_used = fields.Monetary(
        string="Used",
        compute="_compute_places_used",
        store=True,
        help="Sum of the amounts of the places allocated.",
    )
    amount_remaining = fields.Monetary(
        string="Remaining", compute="_compute_places_used", store=True
    )

    _sql_constraints = (
        (
            "amount_check",
            "CHECK(amount_per_place >= 0)",
            "The amount per place cannot be negative.",
        ),
        # Last line of defence behind the locked check in mc.funded.place.create.
        (
            "places_used_check",
            "CHECK(places_used <= places)",
            "A funding agreement cannot fund more places than agreed.",
        ),
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Without shares (none given, or an empty list from the form), the
            # funder bears the whole fee.
            if not vals.get("share_ids"):
                vals["share_ids"] = [
                    Command.create({"payer": "funder", "percent": 100.0})
                ]
        return super().create(vals_list)

    @api.depends("edition_id")
    def _compute_programme_id(self):
        for agreement in self:
            agreement.programme_id = (
                agreement.edition_id.programme_id or agreement.programme_id
            )

    @api.depends("places", "amount_per_place")
    def _compute_amount_total(self):
        for agreement in self:
            agreement.amount_total = agreement.places * agreement.amount_per_place

    @api.depends("places", "amount_total", "funded_place_ids.amount")
    def _compute_places_used(self):
        data = {
            agreement: (count, amount)
            for agreement, count, amount in self.env["mc.funded.place"]._read_group(
                [("agreement_id", "in", self.ids)],
                ["agreement_id"],
                ["__count", "amount:sum"],
            )
        }
        for agreement in self:
            count, amount = data.get(agreement, (0, 0.0))
            agreement.places_used = count
            agreement.places_remaining = agreement.places - count
            agreement.amount_used = amount
            agreement.amount_remaining = agreement.amount_total - amount

    @api.constrains("places", "date_from", "date_to")
    def _check_places_and_period(self):
        for agreement in self:
            if agreement.places <= 0:
                raise ValidationError(
                    self.env._(
                        "Funded places of %(name)s must be at least 1.",
                        name=agreement.name,
                    )
                )
            check_date_range(agreement, "date_from", "date_to")
            if agreement.places < agreement.places_used:
                raise ValidationError(
                    self.env._(
                        "Funding agreement %(name)s already funds %(used)s places: "
                        "Funded places cannot be lowered to %(places)s.",
                        name=agreement.name,
                        used=agreement.places_used,
                        places=agreement.places,
                    )
                )

    @api.depends("invoice_ids.state", "invoice_ids.amount_residual")
    def _compute_invoicing(self):
        moves = self.sudo().invoice_ids.filtered(lambda m: m.state == "posted")
        placed = dict(
            self.env["mc.funded.place"]._read_group(
                [("agreement_id", "in", self.ids), ("is_invoiced", "=", True)],
                ["agreement_id"],
                ["__count"],
            )
        )
        for agreement in self:
            own = moves.filtered(lambda m, a=agreement: m.mc_funding_agreement_id == a)
            agreement.invoice_count = len(agreement.sudo().invoice_ids)
            agreement.places_invoiced = placed.get(agreement, 0)
            # In the agreement's currency: credit notes count negative.
            signed = [
                (
                    -1 if m.move_type == "out_refund" else 1,
                    m.amount_total,
                    m.amount_residual,
                )
                for m in own
            ]
            agreement.amount_invoiced = sum(sign * total for sign, total, _r in signed)
            agreement.amount_paid = sum(
                sign * (total - residual) for sign, total, residual in signed
            )

    @api.constrains("share_ids", "edition_id", "currency_id")
    def _check_shares(self):
        for agreement in self:
            edition = agreement.edition_id
            if edition.fee_amount:
                agreement._check_fee_currency(edition)
            agreement._split_fee(edition.fee_amount or None)

    def _check_fee_currency(self, edition):
        """Refuse to share the fee of ``edition`` in another currency."""
        self.ensure_one()
        if edition.fee_currency_id != self.currency_id:
            raise ValidationError(
                self.env._(
                    "Funding agreement %(name)s is in %(currency)s but the fee "
                    "of edition %(edition)s is in %(fee_currency)s: use the "
                    "same currency.",
                    name=self.name,
                    currency=self.currency_id.name,
                    edition=edition.display_name,
                    fee_currency=edition.fee_currency_id.name,
                )
            )

    def _split_fee(self, fee):
        """Share ``fee`` (the fee per place) between the payers: fixed amounts
        first, then percentages of what is left. Returns ``[(share, amount)]``
        whose amounts add up to ``fee`` exactly (the last percentage takes the
        rounding difference); ``fee=None`` only checks the percentages."""
        self.ensure_one()
        currency = self.currency_id
        fixed = self.share_ids.filtered(lambda s: s.share_type == "amount")
        shared = self.share_ids - fixed
        percent = sum(shared.mapped("percent"))
        if not self.share_ids:
            raise ValidationError(
                self.env._(
                    "Funding agreement %(name)s has no payer share: add at least "
                    "the funder's.",
                    name=self.name,
                )
            )
        if shared and float_compare(percent, 100.0, precision_digits=2):
            raise ValidationError(
                self.env._(
                    "The percentage shares of funding agreement %(name)s add up "
                    "to %(percent)s%%, not 100%%.",
                    name=self.name,
                    percent=round(percent, 2),
                )
            )
        if fee is None:
            return []
        rest = fee - sum(fixed.mapped("amount"))
        if currency.compare_amounts(rest, 0) < 0 or (
            not shared and not currency.is_zero(rest)
        ):
            raise ValidationError(
                self.env._(
                    "The payer shares of funding agreement %(name)s add up to "
                    "%(total)s, but the fee per place is %(fee)s.",
                    name=self.name,
                    total=currency.round(
                        sum(fixed.mapped("amount")) + (rest if shared else 0)
                    ),
                    fee=fee,
                )
            )
        split = [(share, share.amount) for share in fixed]
        left = rest
        for share in shared[:-1]:
            amount = currency.round(rest * share.percent / 100.0)
            split.append((share, amount))
            left -= amount
        if shared:
            split.append((shared[-1], currency.round(left)))
        return split

    @api.constrains("edition_id", "programme_id")
    def _check_edition_programme(self):
        for agreement in self:
            if (
                agreement.edition_id
                and agreement.edition_id.programme_id != agreement.programme_id
            ):
                raise ValidationError(
                    self.env._(
                        "Edition %(edition)s is not an edition of %(programme)s.",
                        edition=agreement.edition_id.display_name,
                        programme=agreement.programme_id.display_name,
                    )
                )

    def action_activate(self):
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("Only draft agreements can be activated."))
        self.write({"state": "active"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reset_to_draft(self):
        if self.funded_place_ids:
            raise UserError(
                self.env._("An agreement with funded places cannot go back to draft.")
            )
        self.write({"state": "draft"})

    def action_create_invoices(self, date_from=None, date_to=None):
        """Create the draft customer invoices, one per agreement and payer, for
        the places allocated from ``date_from`` to ``date_to`` (default: until
        today) and not invoiced yet; return them."""
        domain = [
            ("agreement_id", "in", self.ids),
            ("state", "=", "allocated"),
            ("is_invoiced", "=", False),
            ("date", "<=", date_to or fields.Date.context_today(self)),
        ]
        if date_from:
            domain.append(("date", ">=", date_from))
        return self.env["mc.funded.place"].search(domain)._create_invoices()

    def action_invoice_places(self):
        """Button: invoice what is due and show the invoices created."""
        invoices = self.action_create_invoices()
        if not invoices:
            raise UserError(
                self.env._("Every funded place allocated until today is invoiced.")
            )
        return invoices._get_records_action(
            name=self.env._("Invoices of funded places")
        )

    def action_view_invoices(self):
        self.ensure_one()
        return self.invoice_ids._get_records_action(
            name=self.env._("Invoices and credit notes")
        )

    def action_view_funded_places(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_funded_place_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Allocation
    # ------------------------------------------------------------------
    def _lock_for_allocation(self):
        """Lock the agreements' rows until the end of the transaction, so that two
        officers cannot allocate the last place at the same moment: the second one
        is refused at once and sees the first one's place when trying again."""
        lock_rows(
            self,
            self.env._(
                "Another user is allocating a funded place of this agreement "
                "right now. Try again in a moment."
            ),
        )
        self.invalidate_recordset(
            ["places_used", "places_remaining", "amount_used", "amount_remaining"]
        )

    def _allocate(self, enrolments, ila_voucher=False, date=False):
        """Allocate one funded place of this agreement to each enrolment."""
        self.ensure_one()
        return self.env["mc.funded.place"].create(
            [
                {
                    "agreement_id": self.id,
                    "enrolment_id": enrolment.id,
                    "ila_voucher": ila_voucher,
                    "date": date or fields.Date.context_today(self),
                }
                for enrolment in enrolments
            ]
        )
