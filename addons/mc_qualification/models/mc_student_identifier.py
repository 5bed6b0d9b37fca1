# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class McStudentIdentifier(models.Model):
    """A learner's student number at one partner institution (DS 1.4)."""

    _name = "mc.student.identifier"
    _description = "Student Identifier"
    _order = "learner_id, institution_id"
    _rec_name = "identifier"

    learner_id = fields.Many2one(
        "res.partner",
        string="Learner",
        required=True,
        ondelete="cascade",
        index=True,
    )
    institution_id = fields.Many2one(
        "res.partner",
        string="Institution",
        required=True,
        ondelete="restrict",
        domain=[("is_institution", "=", True)],
    )
    identifier = fields.Char(string="Student Number", required=True)

    _sql_constraints = (
        (
            "learner_institution_uniq",
            "unique(learner_id, institution_id)",
            "A learner has one student number per institution.",
        ),
        (
            "institution_identifier_uniq",
            "unique(institution_id, identifier)",
            "This student number is already used at this institution.",
        ),
    )

    @api.constrains("identifier")
    def _check_identifier(self):
        for record in self:
            if not record.identifier.strip():
                raise ValidationError(
                    self.env._("The field 'Student Number' cannot be blank.")
                )
