# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McGradeConversion(models.Model):
    """The grading scale of one institution, mapped onto a common 0–100 score.

    Read forwards, it converts a grade given by the institution into the common
    score; read backwards (highest line at or below a score), it turns an
    average score into the institution's own grade or classification. This is
    how partners that classify differently each state an overall result.
    """

    _name = "mc.grade.conversion"
    _description = "Grade Conversion Table"
    _order = "institution_id"

    name = fields.Char(required=True, translate=True)
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        ondelete="cascade",
        domain=[("is_institution", "=", True)],
    )
    description = fields.Text(
        translate=True,
        help="The grading system as stated on the supplement (DS 4.4).",
    )
    line_ids = fields.One2many(
        "mc.grade.conversion.line", "conversion_id", string="Grades", copy=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "institution_uniq",
            "unique(institution_id)",
            "An institution has one grade conversion table.",
        ),
    )

    def _convert(self, grade):
        """The common score of a grade of this scale (None when unknown)."""
        self.ensure_one()
        key = (grade or "").strip().lower()
        for line in self.line_ids:
            if line.grade.strip().lower() == key:
                return line
        return None

    def _classify(self, score):
        """The line of this scale matching a common score (highest at or below)."""
        self.ensure_one()
        candidates = self.line_ids.filtered(lambda line: line.score <= score)
        return candidates and candidates.sorted("score")[-1]
