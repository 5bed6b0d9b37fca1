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

    @api.model
    def _mc_resolve_learners(self, pairs):
        """Who is student ``number`` at ``institution``? ``pairs`` is an iterable
        of (student number, institution reference), the reference being the
        institution's Erasmus code or name. Returns
        ``{(number, reference): (institution, learner)}`` with empty records
        where nothing matches, in two queries whatever the number of pairs."""
        pairs = {(number.strip(), ref.strip()) for number, ref in pairs}
        refs = {ref for __, ref in pairs if ref}
        institutions = self.env["res.partner"].search(
            [
                ("is_institution", "=", True),
                "|",
                ("erasmus_code", "in", list(refs)),
                ("name", "in", list(refs)),
            ]
        )
        by_ref = {}
        for institution in institutions:
            for key in (institution.erasmus_code, institution.name):
                if key:
                    by_ref.setdefault(key, institution)
        identifiers = self.search(
            [
                ("institution_id", "in", institutions.ids),
                ("identifier", "in", [number for number, __ in pairs if number]),
            ]
        )
        learners = {
            (record.identifier, record.institution_id): record.learner_id
            for record in identifiers
        }
        empty = self.env["res.partner"]
        resolved = {}
        for number, ref in pairs:
            institution = by_ref.get(ref, empty)
            resolved[number, ref] = (
                institution,
                learners.get((number, institution), empty),
            )
        return resolved
