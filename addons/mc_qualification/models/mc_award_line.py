# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round


class McAwardLine(models.Model):
    """One awarding institution of an award: its number and classification."""

    _name = "mc.award.line"
    _inherit = ["mc.transition.mixin"]  # noqa: RUF012 (Odoo model attribute)
    _description = "Awarding Institution"
    _order = "award_id, sequence, id"
    _rec_name = "award_number"

    award_id = fields.Many2one(
        "mc.award", string="Award", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        ondelete="restrict",
        domain=[("is_institution", "=", True)],
    )
    award_number = fields.Char(copy=False, readonly=True, index="btree_not_null")
    score = fields.Float(
        string="Average Score",
        readonly=True,
        copy=False,
        help="ECTS-weighted average of the learner's results on the common scale.",
    )
    classification = fields.Char(
        copy=False,
        help="Overall grade or classification in this institution's scale "
        "(set when issuing from its grade conversion table).",
    )
    separate_award = fields.Boolean(
        string="Awards separately",
        help="Joint award with separate awards: this institution does not co-sign "
        "the joint document and issues its own.",
    )
    separate_reason = fields.Text(
        string="Reason for the separate award",
        help="Copied from the programme's alignment when the award is created; "
        "printed on the institution's supplement.",
    )
    state = fields.Selection(related="award_id.state")
    award_mode = fields.Selection(related="award_id.award_mode")
    signatory_ids = fields.Many2many(
        "mc.signatory",
        compute="_compute_signatory_ids",
        string="Signatories",
        help="This institution's valid signatories on the award date.",
    )
    document_lang_ids = fields.Many2many(
        related="institution_id.document_lang_ids", string="Document Languages"
    )
    other_line_ids = fields.Many2many(
        "mc.award.line",
        compute="_compute_other_line_ids",
        string="Other Awarding Institutions",
        help="Multiple award: the documents of the other institutions, which "
        "each document states.",
    )

    _sql_constraints = (
        (
            "award_institution_uniq",
            "unique(award_id, institution_id)",
            "An institution awards a qualification only once per award.",
        ),
    )

    @api.constrains("separate_award", "separate_reason")
    def _check_separate_award(self):
        for line in self.filtered("separate_award"):
            if line.award_id.award_mode != "joint_fallback":
                raise ValidationError(
                    self.env._(
                        "%(institution)s can award separately only in a joint award "
                        "with separate awards.",
                        institution=line.institution_id.display_name,
                    )
                )
            if not (line.separate_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason why %(institution)s cannot co-sign the joint "
                        "award; it is printed on its supplement.",
                        institution=line.institution_id.display_name,
                    )
                )

    @api.depends("institution_id", "award_id.award_date")
    def _compute_signatory_ids(self):
        for line in self:
            date = line.award_id.award_date or fields.Date.context_today(line)
            line.signatory_ids = line.institution_id.signatory_ids._filtered_valid(date)

    @api.depends("award_id.line_ids")
    def _compute_other_line_ids(self):
        for line in self:
            line.other_line_ids = line.award_id.line_ids - line

    @api.model_create_multi
    def create(self, vals_list):
        awards = self.env["mc.award"].browse(
            {vals["award_id"] for vals in vals_list if vals.get("award_id")}
        )
        self._check_draft(awards)
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_transition():
            self._check_draft(self.award_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        self._check_draft(self.award_id)

    def _check_draft(self, awards):
        if awards.filtered(lambda award: award.state != "draft"):
            raise UserError(
                self.env._(
                    "The awarding institutions of an issued award cannot change. "
                    "To correct it, use Correct on the award."
                )
            )

    # ------------------------------------------------------------ numbering
    @api.model
    def _get_award_sequences(self, institutions):
        """{institution: ir.sequence}, creating the missing ones in one batch."""
        codes = {
            institution: f"mc.award.{institution.id}" for institution in institutions
        }
        # The sequences are technical records registry users may not create or
        # read themselves: only these institutions' sequences are touched.
        sequences = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "in", list(codes.values()))])
        )
        by_code = {sequence.code: sequence for sequence in sequences}
        missing = [
            institution
            for institution in institutions
            if codes[institution] not in by_code
        ]
        if missing:
            created = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    [
                        {
                            "name": self.env._(
                                "Awards of %(institution)s",
                                institution=institution.display_name,
                            ),
                            "code": codes[institution],
                            "prefix": f"{self._sequence_prefix(institution)}/%(year)s/",
                            "padding": 5,
                            "implementation": "standard",
                            "company_id": False,
                        }
                        for institution in missing
                    ]
                )
            )
            by_code.update({sequence.code: sequence for sequence in created})
        return {
            institution: by_code[codes[institution]] for institution in institutions
        }

    @api.model
    def _sequence_prefix(self, institution):
        code = institution.erasmus_code or institution.ref or f"MC{institution.id}"
        return "".join(code.split()).upper().replace("%", "")

    def _assign_award_numbers(self):
        """Number the lines: one batch of sequence values per institution."""
        lines = self.filtered(lambda line: not line.award_number)
        if not lines:
            return
        by_institution = lines.grouped("institution_id")
        sequences = self._get_award_sequences(lines.institution_id)
        for institution, institution_lines in by_institution.items():
            sequence = sequences[institution]
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    f"ir_sequence_{sequence.id:03d}",
                    len(institution_lines),
                )
            )
            numbers = [row[0] for row in self.env.cr.fetchall()]
            prefix, suffix = sequence._get_prefix_suffix()
            for line, number in zip(institution_lines, numbers, strict=True):
                line._write_transition(
                    {"award_number": f"{prefix}{number:0{sequence.padding}d}{suffix}"}
                )

    def _assign_classifications(self):
        """Each institution classifies the learner's results in its own scale:
        the ECTS-weighted average of the common scores of the passed results,
        read back through the institution's conversion table."""
        results_model = self.env["mc.result"]
        tables = results_model._get_conversion_tables(self.institution_id)
        averages = {}
        for enrolment in self.award_id.enrolment_id:
            passed = enrolment.result_ids.filtered("passed")
            weight = sum(passed.mapped("ects_earned"))
            averages[enrolment] = (
                float_round(
                    sum(r.score * r.ects_earned for r in passed) / weight,
                    precision_digits=2,
                )
                if weight
                else 0.0
            )
        for line in self:
            average = averages.get(line.award_id.enrolment_id, 0.0)
            table = tables.get(line.institution_id)
            match = table and table._classify(average)
            vals = {"score": average}
            if match:
                vals["classification"] = match.classification or match.grade
            line._write_transition(vals)
