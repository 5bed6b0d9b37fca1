# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class McCpdRecord(models.Model):
    """One line of the CPD ledger: the credits a learner earned under one
    accreditation through one award. Created when the award is issued."""

    _name = "mc.cpd.record"
    _description = "CPD record"
    _order = "date desc, id desc"

    learner_id = fields.Many2one(
        "res.partner", string="Learner", required=True, index=True, ondelete="restrict"
    )
    learner_name = fields.Char(
        related="learner_id.name",
        string="Learner name",
        help="Shown to the body's portal users, who cannot read contacts.",
    )
    accreditation_id = fields.Many2one(
        "mc.accreditation", required=True, index=True, ondelete="restrict"
    )
    award_id = fields.Many2one(
        "mc.award", required=True, index=True, ondelete="cascade"
    )
    body_id = fields.Many2one(
        related="accreditation_id.body_id", store=True, string="Professional body"
    )
    programme_id = fields.Many2one(
        related="award_id.programme_id", store=True, string="Programme version"
    )
    date = fields.Date(required=True, help="Award date: when the credits were earned.")
    credits = fields.Float(string="CPD credits", required=True, digits=(16, 2))
    cpd_unit = fields.Selection(related="body_id.cpd_unit", string="CPD unit")
    issues_certificate = fields.Boolean(
        related="accreditation_id.issues_certificate",
        string="Professional certificate",
    )
    state = fields.Selection(
        [("valid", "Valid"), ("cancelled", "Cancelled")],
        compute="_compute_state",
        store=True,
        help="Cancelled while the award is suspended or revoked.",
    )

    _sql_constraints = (
        (
            "award_accreditation_uniq",
            "unique(award_id, accreditation_id)",
            "An award earns CPD credits only once under each accreditation.",
        ),
        ("credits_check", "CHECK(credits > 0)", "CPD credits must be positive."),
    )

    @api.depends("award_id.state")
    def _compute_state(self):
        for record in self:
            record.state = (
                "cancelled"
                if record.award_id.state in ("suspended", "revoked")
                else "valid"
            )

    @api.depends("learner_id", "body_id", "credits")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.learner_id.name} / {record.body_id.name}"

    @api.model
    def _create_for_awards(self, awards):
        """Create the CPD records the issued ``awards`` earn: one per accreditation
        valid on the award date, skipping pairs already recorded. Batch-safe."""
        awards = awards.filtered(lambda a: a.state == "issued")
        if not awards:
            return self.browse()
        accreditations = self.env["mc.accreditation"].search(
            [
                ("programme_id", "in", awards.programme_id.ids),
                ("state", "in", ("accredited", "expired")),
            ]
        )
        if not accreditations:
            return self.browse()
        existing = set(
            self.search_fetch(
                [("award_id", "in", awards.ids)], ["award_id", "accreditation_id"]
            ).mapped(lambda r: (r.award_id.id, r.accreditation_id.id))
        )
        vals_list = []
        for award in awards:
            date = award.award_date or fields.Date.context_today(self)
            valid = accreditations.filtered(
                lambda a, award=award: a.programme_id == award.programme_id
            )._filtered_valid(date)
            for accreditation in valid:
                if (award.id, accreditation.id) in existing:
                    continue
                vals_list.append(
                    {
                        "learner_id": award.learner_id.id,
                        "accreditation_id": accreditation.id,
                        "award_id": award.id,
                        "date": date,
                        "credits": accreditation.cpd_credits,
                    }
                )
        return self.create(vals_list)
