# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


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
        help="Voucher of the learner's individual learning account.",
    )

    _sql_constraints = (
        (
            "agreement_enrolment_uniq",
            "unique(agreement_id, enrolment_id)",
            "An enrolment takes at most one place of a funding agreement.",
        ),
        ("amount_check", "CHECK(amount >= 0)", "A funded amount cannot be negative."),
    )

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
        places = super().create(vals_list)
        places._check_allocation()
        return places

    def write(self, vals):
        if "agreement_id" in vals:
            agreements = self.agreement_id | self.env["mc.funding.agreement"].browse(
                vals["agreement_id"]
            )
            agreements._lock_for_allocation()
        res = super().write(vals)
        if {"agreement_id", "enrolment_id", "date", "ila_voucher"} & set(vals):
            self._check_allocation()
        return res

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
