# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class McResult(models.Model):
    """Results imported from a spreadsheet, keyed as a partner's registry keys
    them: student number, institution and unit code. The three import-only
    columns are resolved into the enrolment, the unit and the assessing
    institution when the rows are created."""

    _name = "mc.result"
    _inherit = ("mc.result", "mc.import.mixin")
    _mc_import_keys = (
        "import_student_number",
        "import_institution",
        "import_unit_code",
    )

    import_unit_code = fields.Char(
        string="Unit Code",
        compute="_compute_import_keys",
        inverse="_inverse_import_keys",
        help="Import only: the code of the unit in the learner's programme.",
    )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Results"),
                "template": "/mc_qualification/static/xls/mc_result.xlsx",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        return self._mc_create_with_import_keys(vals_list, super().create)

    @api.model
    def _mc_resolve_import_rows(self, vals_list):
        """Turn the import keys of each row into enrolment, unit and
        institution, in a fixed number of queries; the first bad row raises a
        UserError saying what is wrong (the import then reports every row)."""
        rows = self._mc_import_rows(vals_list)
        resolved = self.env["mc.student.identifier"]._mc_resolve_learners(
            (row["import_student_number"], row["import_institution"]) for row in rows
        )
        learners = self.env["res.partner"].union(
            *(learner for __, learner in resolved.values())
        )
        enrolments = self.env["mc.enrolment"].search(
            [("learner_id", "in", learners.ids), ("state", "!=", "withdrawn")]
        )
        by_learner = {}
        for enrolment in enrolments:
            by_learner.setdefault(enrolment.learner_id, []).append(enrolment)
        units = {
            (unit.programme_id, (unit.code or "").strip().lower()): unit
            for unit in enrolments.programme_id.unit_ids
        }
        existing = {
            (result.enrolment_id, result.unit_id)
            for result in self.search([("enrolment_id", "in", enrolments.ids)])
        }
        new_vals_list = []
        for vals, row in zip(vals_list, rows, strict=True):
            vals = {
                key: value
                for key, value in vals.items()
                if key not in self._mc_import_keys
            }
            if any(row.values()):
                institution, learner = resolved[
                    row["import_student_number"], row["import_institution"]
                ]
                enrolment, unit = self._mc_import_target(
                    row, institution, learner, by_learner.get(learner, []), units
                )
                if (enrolment, unit) in existing:
                    raise UserError(
                        self.env._(
                            "Duplicate result: %(learner)s already has a result "
                            "for unit %(unit)s in %(edition)s.",
                            learner=learner.name,
                            unit=unit.display_name,
                            edition=enrolment.edition_id.display_name,
                        )
                    )
                existing.add((enrolment, unit))
                vals.update(
                    enrolment_id=enrolment.id,
                    unit_id=unit.id,
                    institution_id=institution.id,
                )
            new_vals_list.append(vals)
        return new_vals_list

    def _mc_import_target(self, row, institution, learner, enrolments, units):
        """(enrolment, unit) of one import row; raises a UserError naming the
        problem when the row matches nothing or more than one enrolment."""
        number, ref, code = (row[key] for key in self._mc_import_keys)
        if not institution:
            raise UserError(
                self.env._(
                    "Unknown institution: no partner institution has the Erasmus "
                    "code or name '%(institution)s'.",
                    institution=ref,
                )
            )
        if not learner:
            raise UserError(
                self.env._(
                    "Unknown student: no learner has the student number "
                    "'%(number)s' at %(institution)s.",
                    number=number,
                    institution=institution.name,
                )
            )
        matches = [
            (enrolment, units[enrolment.programme_id, code.lower()])
            for enrolment in enrolments
            if code and (enrolment.programme_id, code.lower()) in units
        ]
        if len(matches) > 1:
            active = [match for match in matches if match[0].state == "enrolled"]
            matches = active if len(active) == 1 else matches
        if not matches:
            raise UserError(
                self.env._(
                    "Unit not in the programme: no programme %(learner)s is "
                    "enrolled in has a unit coded '%(code)s'.",
                    learner=learner.name,
                    code=code,
                )
            )
        if len(matches) > 1:
            raise UserError(
                self.env._(
                    "%(learner)s follows several editions with a unit coded "
                    "'%(code)s' (%(editions)s): import this result from the "
                    "edition's enrolment instead.",
                    learner=learner.name,
                    code=code,
                    editions=", ".join(m[0].edition_id.name for m in matches),
                )
            )
        return matches[0]
