# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user, tagged
from odoo.tools import file_open

from . import import_rows
from .common import OFFICER
from .common_award import AwardCommon

SUPERVISED_ID = "Supervised online or on site, with identity verification"
SUPERVISED = "Supervised, no identity verification"


class ImportCase(AwardCommon):
    """Imports through Odoo's standard import (base_import), as the list views'
    Import button runs them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.edition.code = "ADS-2026"
        cls.ana, cls.jonas = cls._make_learners(2)
        cls.env["mc.student.identifier"].create(
            [
                {
                    "learner_id": learner.id,
                    "institution_id": institution.id,
                    "identifier": number,
                }
                for learner, institution, number in (
                    (cls.ana, cls.leuven, "r001"),
                    (cls.ana, cls.bologna, "B-77"),
                    (cls.jonas, cls.leuven, "r002"),
                )
            ]
        )

    def _import(self, model, csv_text, dryrun=False, context=None, user=None):
        """Run the import of ``csv_text`` as the officer; returns
        (created records, {line of the file: error message})."""
        Import = self.env["base_import.import"].with_user(user or self.officer)
        wizard = Import.with_context(**(context or {})).create(
            {
                "res_model": model,
                "file": csv_text.encode(),
                "file_type": "text/csv",
                "file_name": "rows.csv",
            }
        )
        preview, fields = import_rows.preview(wizard)
        self.assertFalse(preview.get("error"), preview.get("error"))
        self.assertTrue(all(fields), f"unmapped columns: {preview['headers']}")
        ids, errors = import_rows.execute(wizard, preview["headers"], fields, dryrun)
        lines = {error["rows"]["from"] + 2: error["message"] for error in errors}
        self.assertEqual(len(lines), len(errors), "one message per bad row")
        return self.env[model].browse(ids), lines


@tagged("post_install", "-at_install")
class TestImportTemplates(ImportCase):
    def test_templates_are_offered_and_map_every_column(self):
        Learner = self.env["res.partner"].with_context(default_is_learner=True)
        for model, expected in (
            (Learner, "mc_learner.xlsx"),
            (self.env["mc.enrolment"], "mc_enrolment.xlsx"),
            (self.env["mc.result"], "mc_result.xlsx"),
        ):
            templates = model.with_user(self.officer).get_import_templates()
            self.assertEqual(len(templates), 1)
            path = templates[0]["template"]
            self.assertTrue(path.endswith(expected))
            with file_open(path.lstrip("/"), "rb") as handle:
                content = handle.read()
            wizard = (
                self.env["base_import.import"]
                .with_context(**model.env.context)
                .create(
                    {
                        "res_model": model._name,
                        "file": content,
                        "file_type": "application/vnd.openxmlformats-"
                        "officedocument.spreadsheetml.sheet",
                        "file_name": expected,
                    }
                )
            )
            preview = wizard.parse_preview({"has_headers": True})
            self.assertFalse(preview.get("error"))
            self.assertEqual(
                [
                    h
                    for i, h in enumerate(preview["headers"])
                    if i not in preview["matches"]
                ],
                [],
                f"{expected}: every column maps to a field",
            )
        contacts = self.env["res.partner"].get_import_templates()
        self.assertNotIn("mc_learner", str(contacts))

    def test_learners_with_student_numbers(self):
        csv_text = (
            "Name,Email,Learner,Student Identifiers/Institution,"
            "Student Identifiers/Student Number\n"
            "Eva Tamm,eva@example.com,1,University of Tartu,T-1\n"
            ",,,KU Leuven,r003\n"
        )
        clerk = new_test_user(
            self.env,
            login="aw_clerk",
            groups=f"{OFFICER},base.group_partner_manager",
        )
        learners, errors = self._import(
            "res.partner", csv_text, context={"default_is_learner": True}, user=clerk
        )
        self.assertFalse(errors)
        self.assertEqual(learners.name, "Eva Tamm")
        self.assertTrue(learners.is_learner)
        self.assertEqual(
            {(i.institution_id, i.identifier) for i in learners.student_identifier_ids},
            {(self.tartu, "T-1"), (self.leuven, "r003")},
        )

    def test_enrolments_by_edition_code_and_student_number(self):
        csv_text = (
            "Edition Code,Student Number,Institution Code,State\n"
            "ADS-2026,r001,B LEUVEN01,Enrolled\n"
            "ADS-2026,r002,,Enrolled\n"
        )
        enrolments, errors = self._import("mc.enrolment", csv_text)
        self.assertFalse(errors)
        self.assertRecordValues(
            enrolments.sorted("learner_id"),
            [
                {"learner_id": self.ana.id, "edition_id": self.edition.id},
                {"learner_id": self.jonas.id, "edition_id": self.edition.id},
            ],
        )
        self.assertEqual(set(enrolments.mapped("state")), {"enrolled"})

    def test_enrolment_bad_rows(self):
        csv_text = (
            "Edition Code,Student Number,Institution Code,State\n"
            "ADS-2026,r001,B LEUVEN01,Enrolled\n"
            "NOPE-1,r002,B LEUVEN01,Enrolled\n"
            "ADS-2026,zzz,B LEUVEN01,Enrolled\n"
        )
        enrolments, errors = self._import("mc.enrolment", csv_text)
        self.assertFalse(enrolments)
        self.assertEqual(
            {line: message.split(":")[0] for line, message in errors.items()},
            {3: "Unknown edition", 4: "Unknown student"},
        )
        self.assertFalse(self.edition.enrolment_ids)


@tagged("post_install", "-at_install")
class TestImportResults(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrolments = cls.env["mc.enrolment"].create(
            [
                {"learner_id": learner.id, "edition_id": cls.edition.id}
                for learner in cls.ana | cls.jonas
            ]
        )
        cls.enrolments.action_enrol()

    def test_results_by_student_number_institution_and_unit_code(self):
        csv_text = import_rows.results_csv(
            [
                ("r001", "B LEUVEN01", "ADS1", "16", "2026-06-15", "3", SUPERVISED_ID),
                ("B-77", "I BOLOGNA01", "ADS2", "27", "2026-06-20", "2", SUPERVISED),
            ]
        )
        results, errors = self._import("mc.result", csv_text)
        self.assertFalse(errors)
        ana_enrolment = self.enrolments.filtered(lambda e: e.learner_id == self.ana)
        self.assertRecordValues(
            results.sorted("unit_id"),
            [
                {
                    "enrolment_id": ana_enrolment.id,
                    "unit_id": self.unit_stats.id,
                    "institution_id": self.leuven.id,
                    "grade": "16",
                    "passed": True,
                    "ects_earned": 3.0,
                    "supervision_mode": "supervised_id",
                },
                {
                    "enrolment_id": ana_enrolment.id,
                    "unit_id": self.unit_ml.id,
                    "institution_id": self.bologna.id,
                    "grade": "27",
                    "passed": True,
                    "ects_earned": 2.0,
                    "supervision_mode": "supervised_no_id",
                },
            ],
        )
        self.assertTrue(ana_enrolment.is_complete)

    def _bad_file(self):
        self.env["mc.result"].create(
            {
                "enrolment_id": self.enrolments[1].id,
                "unit_id": self.unit_stats.id,
                "grade": "10",
            }
        )
        day, later = "2026-06-15", "2026-06-16"
        return import_rows.results_csv(
            [
                ("r001", "B LEUVEN01", "ADS1", "16", day, "3"),  # good
                ("r999", "B LEUVEN01", "ADS1", "16", day, "3"),  # unknown student
                ("r001", "B LEUVEN01", "CLA1", "16", day, "3"),  # unit not in prog.
                ("B-77", "I BOLOGNA01", "ADS2", "A+", day, "2"),  # grade not in scale
                ("r002", "B LEUVEN01", "ADS1", "14", day, "3"),  # duplicate (existing)
                ("r001", "B LEUVEN01", "ADS1", "18", later, "3"),  # duplicate (file)
                ("r001", "X NOWHERE", "ADS1", "18", later, "3"),  # unknown institution
            ]
        )

    def assertBadRows(self, reasons):
        """Line 2 (the first row) is good; lines 3 to 8 each say what is wrong."""
        self.assertEqual(sorted(reasons), [3, 4, 5, 6, 7, 8], reasons)
        self.assertIn("Unknown student", reasons[3])
        self.assertIn("'r999'", reasons[3])
        self.assertIn("Unit not in the programme", reasons[4])
        self.assertIn("'CLA1'", reasons[4])
        self.assertIn("not a grade of the scale", reasons[5])
        self.assertIn("Duplicate result", reasons[6])
        self.assertIn("Duplicate result", reasons[7])
        self.assertIn("Unknown institution", reasons[8])

    def test_test_run_lists_every_bad_row(self):
        csv_text = self._bad_file()
        results, errors = self._import("mc.result", csv_text, dryrun=True)
        self.assertBadRows(errors)
        self.assertEqual(len(self.enrolments.result_ids), 1, "a test run saves nothing")

    def test_real_run_imports_all_or_nothing(self):
        csv_text = self._bad_file()
        results, errors = self._import("mc.result", csv_text)
        self.assertBadRows(errors)
        self.assertFalse(results)
        self.assertEqual(len(self.enrolments.result_ids), 1, "nothing half-imported")


@tagged("post_install", "-at_install", "is_query_count")
class TestImportQueries(ImportCase):
    """The keys of a batch are resolved in a fixed number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        learners = cls._make_learners(10, prefix="Batch")
        cls.env["mc.student.identifier"].create(
            [
                {
                    "learner_id": learner.id,
                    "institution_id": cls.leuven.id,
                    "identifier": f"q{index:03d}",
                }
                for index, learner in enumerate(learners)
            ]
        )
        cls.env["mc.enrolment"].create(
            [
                {"learner_id": learner.id, "edition_id": cls.edition.id}
                for learner in learners
            ]
        )

    def _queries(self, count):
        rows = [
            {
                "import_student_number": f"q{index // 2:03d}",
                "import_institution": "B LEUVEN01",
                "import_unit_code": ("ADS1", "ADS2")[index % 2],
            }
            for index in range(count)
        ]
        Result = self.env["mc.result"].with_user(self.officer)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        resolved = Result._mc_resolve_import_rows(rows)
        self.assertEqual(len({v["enrolment_id"] for v in resolved}), count // 2)
        return self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_rows(self):
        self._queries(4)  # warm-up: access rules and other caches
        self.assertEqual(self._queries(4), self._queries(20))
