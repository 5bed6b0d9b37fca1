# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .mc_programme_unit import SUPERVISION_MODES


class McResult(models.Model):
    """The result of a learner in one unit, in the assessing institution's scale."""

    _name = "mc.result"
    _description = "Unit Result"
    _inherit = "mail.thread"
    _order = "enrolment_id, date, id"
    _rec_name = "unit_id"

    enrolment_id = fields.Many2one(
        "mc.enrolment",
        string="Enrolment",
        required=True,
        ondelete="cascade",
        index=True,
    )
    learner_id = fields.Many2one(
        related="enrolment_id.learner_id", store=True, string="Learner"
    )
    programme_id = fields.Many2one(
        related="enrolment_id.programme_id", string="Programme"
    )
    company_id = fields.Many2one(
        related="enrolment_id.company_id", store=True, string="Company"
    )
    unit_id = fields.Many2one(
        "mc.programme.unit",
        string="Unit",
        required=True,
        ondelete="restrict",
        domain="[('programme_id', '=', programme_id)]",
    )
    unit_ects = fields.Float(related="unit_id.ects", string="Unit ECTS")
    mandatory = fields.Boolean(related="unit_id.mandatory")
    institution_id = fields.Many2one(
        "res.partner",
        string="Assessing Institution",
        compute="_compute_from_unit",
        store=True,
        readonly=False,
        ondelete="restrict",
        domain=[("is_institution", "=", True)],
    )
    supervision_mode = fields.Selection(
        SUPERVISION_MODES,
        string="Supervision and Identity Verification",
        compute="_compute_from_unit",
        store=True,
        readonly=False,
    )
    date = fields.Date(
        string="Assessment Date", default=fields.Date.context_today, required=True
    )
    grade = fields.Char(
        tracking=True, help="The grade in the assessing institution's scale."
    )
    score = fields.Float(
        string="Common Score",
        compute="_compute_score",
        store=True,
        help="The grade converted onto the common 0–100 scale through the "
        "assessing institution's conversion table.",
    )
    passed = fields.Boolean(
        compute="_compute_passed", store=True, readonly=False, tracking=True
    )
    ects_earned = fields.Float(
        string="ECTS Earned",
        compute="_compute_ects_earned",
        store=True,
        readonly=False,
        digits=(6, 2),
    )

    _sql_constraints = (
        (
            "enrolment_unit_uniq",
            "unique(enrolment_id, unit_id)",
            "A learner has one result per unit and enrolment.",
        ),
        (
            "ects_positive",
            "CHECK(ects_earned >= 0)",
            "The ECTS earned cannot be negative.",
        ),
    )

    @api.depends("unit_id")
    def _compute_from_unit(self):
        for result in self:
            result.institution_id = result.unit_id.institution_id
            result.supervision_mode = result.unit_id.supervision_mode

    @api.depends("grade", "institution_id")
    def _compute_score(self):
        tables = self._get_conversion_tables(self.institution_id)
        for result in self:
            table = tables.get(result.institution_id)
            line = table and table._convert(result.grade)
            result.score = line.score if line else 0.0

    @api.depends("grade", "institution_id")
    def _compute_passed(self):
        """The grade decides when the institution's scale knows it; otherwise
        the officer ticks Passed by hand."""
        tables = self._get_conversion_tables(self.institution_id)
        for result in self:
            table = tables.get(result.institution_id)
            line = table and table._convert(result.grade)
            if line:
                result.passed = line.passed
            elif not result.passed:
                result.passed = False

    @api.depends("passed", "unit_id")
    def _compute_ects_earned(self):
        for result in self:
            result.ects_earned = result.unit_id.ects if result.passed else 0.0

    @api.model
    def _get_conversion_tables(self, institutions):
        tables = self.env["mc.grade.conversion"].search(
            [("institution_id", "in", institutions.ids)]
        )
        return {table.institution_id: table for table in tables}

    @api.constrains("unit_id", "enrolment_id", "grade", "institution_id", "ects_earned")
    def _check_result(self):
        tables = self._get_conversion_tables(self.institution_id)
        for result in self:
            if result.unit_id.programme_id != result.enrolment_id.programme_id:
                raise ValidationError(
                    self.env._(
                        "The field 'Unit' must be a unit of the programme "
                        "%(programme)s; %(unit)s is not.",
                        programme=result.enrolment_id.programme_id.display_name,
                        unit=result.unit_id.display_name,
                    )
                )
            table = tables.get(result.institution_id)
            if table and result.grade and not table._convert(result.grade):
                raise ValidationError(
                    self.env._(
                        "The field 'Grade': %(grade)s is not a grade of the scale "
                        "of %(institution)s (%(grades)s).",
                        grade=result.grade,
                        institution=result.institution_id.display_name,
                        grades=", ".join(table.line_ids.mapped("grade")),
                    )
                )
            if (
                float_compare(
                    result.ects_earned, result.unit_id.ects, precision_digits=2
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The field 'ECTS Earned' (%(earned)s) exceeds the %(ects)s "
                        "ECTS of unit %(unit)s.",
                        earned=result.ects_earned,
                        ects=result.unit_id.ects,
                        unit=result.unit_id.display_name,
                    )
                )

    def _check_not_awarded(self, enrolments):
        awarded = self.env["mc.award"].search_count(
            [
                ("enrolment_id", "in", enrolments.ids),
                ("state", "in", ("issued", "suspended")),
            ],
            limit=1,
        )
        if awarded:
            raise UserError(
                self.env._(
                    "Results of an awarded enrolment cannot change. Correct the "
                    "award first (revoke it and prepare a replacement)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        enrolments = self.env["mc.enrolment"].browse(
            {vals["enrolment_id"] for vals in vals_list if vals.get("enrolment_id")}
        )
        self._check_not_awarded(enrolments)
        return super().create(vals_list)

    def write(self, vals):
        self._check_not_awarded(self.enrolment_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_awarded(self):
        self._check_not_awarded(self.enrolment_id)
