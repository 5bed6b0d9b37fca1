# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import Counter, defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ACCOUNTING_GROUP = "account.group_account_invoice"
PAYMENT_STATUS = [
    ("to_invoice", "To invoice"),
    ("invoiced", "Invoiced"),
    ("partial", "Partially paid"),
    ("paid", "Paid"),
    ("credited", "Credited"),
]


class McFundedPlace(models.Model):
    """A place of a funding agreement allocated to one enrolment, with the
    learner's individual learning account voucher where relevant."""

    _name = "mc.funded.place"
    _description = "Funded place"
    _order = "date desc, id desc"

    agreement_id = fields.Many2one(
        "mc.funding.agreement",
        string="Funding agreement",
        required=True,
        ondelete="restrict",
        index=True,
    )
    enrolment_id = fields.Many2one(
        "mc.enrolment", required=True, ondelete="restrict", index=True
    )
    learner_id = fields.Many2one(
        related="enrolment_id.learner_id", store=True, string="Learner"
    )
    edition_id = fields.Many2one(
        related="enrolment_id.edition_id", store=True, string="Edition"
    )
    programme_id = fields.Many2one(
        related="agreement_id.programme_id", store=True, string="Programme version"
    )
    funder_id = fields.Many2one(related="agreement_id.funder_id", store=True)
    funder_type = fields.Selection(related="agreement_id.funder_type", store=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id", store=True)
    date = fields.Date(
        string="Allocation date", required=True, default=fields.Date.context_today
    )
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="Defaults to the agreement's amount per place.",
    )
    ila_voucher = fields.Char(
        string="ILA voucher",
        compute="_compute_ila_voucher",
        store=True,
        readonly=False,
        help="Voucher of the learner's individual learning account.",
    )
    learning_account_id = fields.Many2one(
        "mc.learning.account",
        string="Learning account",
        ondelete="restrict",
        index="btree_not_null",
        help="The learner's individual learning account that pays the learner's "
        "share (or, on an agreement with a learning-account provider, the "
        "funder's share) of this place.",
    )
    ila_amount = fields.Monetary(
        string="Paid from learning account",
        readonly=True,
        help="What this place consumes of the learning account's balance.",
    )
    learner_number = fields.Char(
        compute="_compute_learner_number",
        store=True,
        compute_sudo=True,
        help="The learner's student number at the home institution (else the "
        "contact's reference): the reference on invoices.",
    )
    state = fields.Selection(
        [("allocated", "Allocated"), ("released", "Released")],
        required=True,
        default="allocated",
        readonly=True,
        copy=False,
    )
    date_released = fields.Date(readonly=True, copy=False)
    # Invoicing: the lines are for accounting; everyone else sees the status.
    invoice_line_ids = fields.One2many(
        "account.move.line",
        "mc_funded_place_id",
        string="Invoice lines",
        groups=ACCOUNTING_GROUP,
    )
    is_invoiced = fields.Boolean(
        compute="_compute_payment_status", store=True, compute_sudo=True
    )
    payment_status = fields.Selection(
        PAYMENT_STATUS,
        compute="_compute_payment_status",
        store=True,
        compute_sudo=True,
        help="Whether the place is invoiced and paid (from Odoo's payments).",
    )

    _sql_constraints = (
        ("amount_check", "CHECK(amount >= 0)", "A funded amount cannot be negative."),
    )

    def init(self):
        # An enrolment holds one allocated place: a second one would bill its
        # fee twice. Released places do not count.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS mc_funded_place_enrolment_uniq"
                " ON mc_funded_place (enrolment_id) WHERE state = 'allocated'"
            )
        )

    @api.depends("learning_account_id")
    def _compute_ila_voucher(self):
        for place in self:
            if place.learning_account_id:
                place.ila_voucher = place.learning_account_id.name

    @api.depends("enrolment_id.home_institution_id", "learner_id.ref")
    def _compute_learner_number(self):
        identifiers = {
            (i.learner_id, i.institution_id): i.identifier
            for i in self.env["mc.student.identifier"].search(
                [("learner_id", "in", self.learner_id.ids)]
            )
        }
        for place in self:
            key = (place.learner_id, place.enrolment_id.home_institution_id)
            place.learner_number = (
                identifiers.get(key)
                or place.learner_id.ref
                or f"#{place.learner_id.id}"
            )

    @api.depends(
        "state",
        "invoice_line_ids.parent_state",
        "invoice_line_ids.move_id.payment_state",
    )
    def _compute_payment_status(self):
        for place in self:
            lines = place.invoice_line_ids.filtered(
                lambda line: line.parent_state != "cancel"
            )
            invoices = lines.move_id.filtered(lambda m: m.move_type == "out_invoice")
            refunds = lines.move_id - invoices
            place.is_invoiced = bool(invoices)
            posted = invoices.filtered(lambda m: m.state == "posted")
            states = set(posted.mapped("payment_state"))
            if refunds:
                place.payment_status = "credited"
            elif place.state == "released" and not invoices:
                place.payment_status = False  # given back before any invoice
            elif not posted:
                place.payment_status = "to_invoice" if not invoices else "invoiced"
            elif len(posted) == len(invoices) and states <= {"paid", "in_payment"}:
                place.payment_status = "paid"
            elif states & {"paid", "in_payment", "partial"}:
                place.payment_status = "partial"
            else:
                place.payment_status = "invoiced"

    @api.depends("agreement_id")
    def _compute_amount(self):
        for place in self:
            if not place.amount:
                place.amount = place.agreement_id.amount_per_place

    @api.depends("learner_id", "agreement_id")
    def _compute_display_name(self):
        for place in self:
            place.display_name = f"{place.agreement_id.name} / {place.learner_id.name}"

    @api.model_create_multi
    def create(self, vals_list):
        agreements = self.env["mc.funding.agreement"].browse(
            {vals["agreement_id"] for vals in vals_list if vals.get("agreement_id")}
        )
        agreements._lock_for_allocation()
        self._check_single_place([vals.get("enrolment_id") for vals in vals_list])
        places = super().create(vals_list)
        places._check_allocation()
        places._consume_learning_accounts()
        return places

    def write(self, vals):
        if "agreement_id" in vals:
            agreements = self.agreement_id | self.env["mc.funding.agreement"].browse(
                vals["agreement_id"]
            )
            agreements._lock_for_allocation()
        if vals.get("enrolment_id"):
            self._check_single_place([vals["enrolment_id"]] * len(self), self)
        res = super().write(vals)
        if {"agreement_id", "enrolment_id", "date", "ila_voucher"} & set(vals):
            self._check_allocation()
        if {"agreement_id", "enrolment_id", "date", "learning_account_id"} & set(vals):
            self._consume_learning_accounts()
        return res

    def _check_single_place(self, enrolment_ids, exclude=None):
        """An enrolment holds one allocated place: refuse a second one (in the
        batch or already in the database) before anything is written."""
        Enrolment = self.env["mc.enrolment"]
        twice = [eid for eid, count in Counter(enrolment_ids).items() if count > 1]
        if twice and twice[0]:
            raise ValidationError(
                self.env._(
                    "The enrolment of %(learner)s is listed twice: a place cannot "
                    "be allocated twice.",
                    learner=Enrolment.browse(twice[0]).learner_id.name,
                )
            )
        taken = self.sudo().search(
            [
                ("enrolment_id", "in", [eid for eid in enrolment_ids if eid]),
                ("state", "=", "allocated"),
                ("id", "not in", (exclude or self.browse()).ids),
            ],
            limit=1,
        )
        if taken:
            raise ValidationError(
                self.env._(
                    "The enrolment of %(learner)s already holds a funded place "
                    "(%(place)s): a place cannot be allocated twice.",
                    learner=taken.learner_id.name,
                    place=taken.agreement_id.name,
                )
            )

    def _check_allocation(self):
        """Refuse places beyond the agreement's number, outside its period, on an
        agreement that is not active, or for an enrolment it does not fund. The
        agreements must be locked (see ``_lock_for_allocation``)."""
        self._check_places_left(self.agreement_id)
        for place in self:
            place._check_place_terms()

    def _check_places_left(self, agreements):
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT agreement_id, count(*) FROM mc_funded_place"
                " WHERE agreement_id IN %s GROUP BY agreement_id",
                tuple(agreements.ids),
            )
        )
        used = dict(self.env.cr.fetchall())
        for agreement in agreements:
            if used.get(agreement.id, 0) > agreement.places:
                raise ValidationError(
                    self.env._(
                        "Funding agreement %(name)s has no funded place left: all "
                        "%(places)s places are allocated.",
                        name=agreement.name,
                        places=agreement.places,
                    )
                )

    def _check_place_terms(self):
        """The place fits its agreement: active, in its period, for its edition
        and programme, a learner still enrolled, a voucher where one is due."""
        self.ensure_one()
        place = self
        agreement = place.agreement_id
        if agreement.state != "active":
            raise ValidationError(
                self.env._(
                    "Funding agreement %(name)s is not active: places can only "
                    "be allocated on an active agreement.",
                    name=agreement.name,
                )
            )
        if not agreement.date_from <= place.date <= agreement.date_to:
            raise ValidationError(
                self.env._(
                    "Allocation date %(date)s is outside the period of funding "
                    "agreement %(name)s (%(date_from)s to %(date_to)s).",
                    date=place.date,
                    name=agreement.name,
                    date_from=agreement.date_from,
                    date_to=agreement.date_to,
                )
            )
        enrolment = place.enrolment_id
        if agreement.edition_id and enrolment.edition_id != agreement.edition_id:
            raise ValidationError(
                self.env._(
                    "Funding agreement %(name)s funds edition %(edition)s only; "
                    "the enrolment of %(learner)s is in another edition.",
                    name=agreement.name,
                    edition=agreement.edition_id.display_name,
                    learner=enrolment.learner_id.name,
                )
            )
        if enrolment.programme_id != agreement.programme_id:
            raise ValidationError(
                self.env._(
                    "Funding agreement %(name)s funds %(programme)s only; the "
                    "enrolment of %(learner)s is in another programme.",
                    name=agreement.name,
                    programme=agreement.programme_id.display_name,
                    learner=enrolment.learner_id.name,
                )
            )
        if enrolment.state == "withdrawn":
            raise ValidationError(
                self.env._(
                    "The enrolment of %(learner)s is withdrawn: it cannot take "
                    "a funded place.",
                    learner=enrolment.learner_id.name,
                )
            )
        if agreement.funder_type == "ila_provider" and not place.ila_voucher:
            raise ValidationError(
                self.env._(
                    "Funding agreement %(name)s is paid from individual learning "
                    "accounts: enter the learner's ILA voucher.",
                    name=agreement.name,
                )
            )

    # ------------------------------------------------------------------
    # Fees, learning accounts
    # ------------------------------------------------------------------
    def _fee_split(self):
        """``[(share, amount)]``: this place's fee shared between its payers."""
        self.ensure_one()
        agreement, edition = self.agreement_id, self.edition_id
        agreement._check_fee_currency(edition)
        if not edition.fee_amount:
            raise ValidationError(
                self.env._(
                    "Edition %(edition)s has no fee per place: set it before its "
                    "places are invoiced or paid from a learning account.",
                    edition=edition.display_name,
                )
            )
        return agreement._split_fee(edition.fee_amount)

    def _learning_account_payer(self):
        """The payer whose share the learning account pays: the funder when the
        funder provides learning accounts, else the learner."""
        self.ensure_one()
        if self.agreement_id.funder_type == "ila_provider":
            return "funder"
        return "learner"

    def _consume_learning_accounts(self):
        """Take each place's share from its learning account; refuse, with the
        reason, when the account cannot pay it."""
        paid = self.filtered("learning_account_id")
        (self - paid).filtered("ila_amount").ila_amount = 0.0
        if not paid:
            return
        accounts = paid.learning_account_id
        accounts._lock_for_payment()
        for place in paid:
            payer = place._learning_account_payer()
            amount = sum(a for share, a in place._fee_split() if share.payer == payer)
            place.learning_account_id._check_can_pay(place, amount)
            place.ila_amount = amount
        accounts._check_balance()

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    def _check_invoiceable(self):
        for place in self:
            if place.state == "released":
                raise UserError(
                    self.env._(
                        "The place of %(learner)s on %(name)s is released (the "
                        "learner withdrew or the place was given back): it cannot "
                        "be invoiced.",
                        learner=place.learner_id.name,
                        name=place.agreement_id.name,
                    )
                )
            if place.is_invoiced:
                raise UserError(
                    self.env._(
                        "The place of %(learner)s on %(name)s is already invoiced.",
                        learner=place.learner_id.name,
                        name=place.agreement_id.name,
                    )
                )

    def _invoice_line_vals(self, share, amount, product):
        self.ensure_one()
        payer = dict(share._fields["payer"]._description_selection(self.env))
        return {
            "product_id": product.id,
            "name": self.env._(
                "Place of learner %(number)s on %(edition)s (%(payer)s share)",
                number=self.learner_number,
                edition=self.edition_id.display_name,
                payer=payer[share.payer],
            ),
            "quantity": 1.0,
            "price_unit": amount,
            "mc_funded_place_id": self.id,
        }

    def _create_invoices(self):
        """Draft customer invoices for these places: one per agreement and payer,
        one line per place and share. Every check runs before anything is
        written; returns the invoices."""
        self._check_invoiceable()
        product = self.env.ref("mc_professional.product_mc_funded_place")
        lines = defaultdict(list)
        for place in self:
            for share, amount in place._fee_split():
                if place.currency_id.is_zero(amount):
                    continue
                partner = share._payer_partner(place)
                lines[place.agreement_id, partner].append(
                    Command.create(place._invoice_line_vals(share, amount, product))
                )
        by_company = defaultdict(list)
        for (agreement, partner), commands in lines.items():
            by_company[agreement.company_id].append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": agreement.currency_id.id,
                    "invoice_origin": agreement.name,
                    "mc_funding_agreement_id": agreement.id,
                    "invoice_line_ids": commands,
                }
            )
        Move = self.env["account.move"]
        invoices = Move
        for company, vals_list in by_company.items():
            invoices |= Move.with_company(company).create(vals_list)
        return invoices

    def action_release(self):
        """Give the places back (the learner withdrew, or the place is not
        needed): before the agreement's cut-off, draft invoice lines go away
        and posted ones get a draft credit note. Returns the credit notes."""
        if released := self.filtered(lambda p: p.state == "released"):
            raise UserError(
                self.env._(
                    "The place of %(learner)s on %(name)s is already released.",
                    learner=released[0].learner_id.name,
                    name=released[0].agreement_id.name,
                )
            )
        today = fields.Date.context_today(self)
        self.write({"state": "released", "date_released": today})
        credited = self.filtered(
            lambda p: not p.agreement_id.cutoff_date
            or today < p.agreement_id.cutoff_date
        )
        return credited._credit_invoices()

    def _credit_invoices(self):
        lines = self.sudo().invoice_line_ids.filtered(
            lambda line: line.parent_state != "cancel"
            and line.move_id.move_type == "out_invoice"
        )
        draft = lines.filtered(lambda line: line.parent_state == "draft")
        drafts = draft.move_id
        for move in drafts:
            move.write(
                {
                    "invoice_line_ids": [
                        Command.unlink(line.id) for line in draft & move.line_ids
                    ]
                }
            )
        drafts.filtered(lambda m: not m.invoice_line_ids).unlink()
        posted = lines - draft
        refunds = [
            {
                "move_type": "out_refund",
                "partner_id": move.partner_id.id,
                "currency_id": move.currency_id.id,
                "company_id": move.company_id.id,
                "journal_id": move.journal_id.id,
                "reversed_entry_id": move.id,
                "invoice_origin": move.invoice_origin,
                "mc_funding_agreement_id": move.mc_funding_agreement_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "account_id": line.account_id.id,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                            "mc_funded_place_id": line.mc_funded_place_id.id,
                        }
                    )
                    for line in posted & move.line_ids
                ],
            }
            for move in posted.move_id
        ]
        return self.env["account.move"].sudo().create(refunds).sudo(False)
