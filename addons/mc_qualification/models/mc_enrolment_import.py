# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class McEnrolment(models.Model):
    """Enrolments imported from a spreadsheet by edition code and student
    number; the import-only columns are resolved when the rows are created."""

    _name = "mc.enrolment"
    _inherit = ("mc.enrolment", "mc.import.mixin")
    _mc_import_keys = (
        "import_edition_code",
        "import_student_number",
        "import_institution",
    )

    import_edition_code = fields.Char(
        string="Edition Code",
        compute="_compute_import_keys",
        inverse="_inverse_import_keys",
        help="Import only: the code of the edition.",
    )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Enrolments"),
                "template": "/mc_qualification/static/xls/mc_enrolment.xlsx",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        return self._mc_create_with_import_keys(vals_list, super().create)

    @api.model
    def _mc_resolve_import_rows(self, vals_list):
        """Edition and learner of each row, in a fixed number of queries; the
        first bad row raises a UserError (the import then reports each row)."""
        rows = self._mc_import_rows(vals_list)
        editions = self.env["mc.edition"].search(
            [("code", "in", [row["import_edition_code"] for row in rows])]
        )
        by_code = {edition.code: edition for edition in editions}
        refs = {
            edition: [
                institution.erasmus_code or institution.name
                for institution in edition.programme_id.institution_ids
            ]
            for edition in editions
        }
        candidates = {
            index: [
                (row["import_student_number"], ref)
                for ref in (
                    [row["import_institution"]]
                    if row["import_institution"]
                    else refs.get(by_code.get(row["import_edition_code"]), [])
                )
            ]
            for index, row in enumerate(rows)
        }
        resolved = self.env["mc.student.identifier"]._mc_resolve_learners(
            pair for pairs in candidates.values() for pair in pairs
        )
        new_vals_list = []
        for index, (vals, row) in enumerate(zip(vals_list, rows, strict=True)):
            vals = {
                key: value
                for key, value in vals.items()
                if key not in self._mc_import_keys
            }
            if any(row.values()):
                edition = by_code.get(row["import_edition_code"])
                if not edition:
                    raise UserError(
                        self.env._(
                            "Unknown edition: no edition has the code '%(code)s'.",
                            code=row["import_edition_code"],
                        )
                    )
                learners = self.env["res.partner"].union(
                    *(resolved[pair][1] for pair in candidates[index])
                )
                if len(learners) != 1:
                    raise UserError(
                        self.env._(
                            "Unknown student: no single learner has the student "
                            "number '%(number)s' at a partner of %(edition)s.",
                            number=row["import_student_number"],
                            edition=edition.display_name,
                        )
                    )
                vals.update(edition_id=edition.id, learner_id=learners.id)
            new_vals_list.append(vals)
        return new_vals_list
