# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class McGradeConversionLine(models.Model):
    _name = "mc.grade.conversion.line"
    _description = "Grade Conversion Line"
    _order = "conversion_id, score desc"

    conversion_id = fields.Many2one(
        "mc.grade.conversion", required=True, ondelete="cascade", index=True
    )
    grade = fields.Char(required=True, help="The grade as the institution writes it.")
    score = fields.Float(
        string="Common Score",
        required=True,
        help="Lower bound of this grade on the common 0–100 scale.",
    )
    passed = fields.Boolean(default=True, help="This grade passes the unit.")
    classification = fields.Char(
        translate=True,
        help="Overall classification stated on the award for this grade, "
        "e.g. 'With distinction'. Empty: the grade itself.",
    )

    _sql_constraints = (
        (
            "grade_uniq",
            "unique(conversion_id, grade)",
            "A grade appears only once in a conversion table.",
        ),
    )

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 100:
                raise ValidationError(
                    self.env._(
                        "The field 'Common Score' of grade %(grade)s must be "
                        "between 0 and 100.",
                        grade=line.grade,
                    )
                )
