# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The classification rule, table-driven, at every band edge.

The pure rule (no ORM) is tested against DEFAULT_TIERS; the same table shipped
as data is then checked to give the same answers through the model.
"""

from odoo.tests import Form, tagged
from odoo.tests.common import BaseCase

from ..models.classification import (
    DEFAULT_TIERS,
    classify,
    explain,
    find_stacking_cycle,
)
from .common import McQualificationCase

# (ects, eqf, assessed, expected tier code or False, expected reason key)
EDGE_CASES = [
    (0.0, 6, True, False, "no_volume"),
    (0.5, 6, False, "learning_unit", "match"),
    (0.9, 6, False, "learning_unit", "match"),
    (0.9, 7, True, "learning_unit", "match"),
    (1.0, 6, True, "mc_course", "match"),
    (1.0, 6, False, False, "needs_assessment"),
    (3.9, 7, True, "mc_course", "match"),
    (4.0, 6, True, "cmf", "match"),
    (5.0, 5, True, "cmf", "match"),
    (6.0, 8, True, "cmf", "match"),
    (6.5, 6, True, False, "gap"),
    (10.0, 6, True, False, "gap"),
    (13.9, 6, True, False, "gap"),
    (14.0, 6, True, "mc_programme", "match"),
    (16.0, 7, True, "mc_programme", "match"),
    (16.5, 7, True, False, "gap"),
    (19.9, 7, True, False, "gap"),
    (20.0, 6, True, "micro_degree_ug", "match"),
    (20.0, 7, True, "micro_degree_pg", "match"),
    (40.0, 5, True, "micro_degree_ug", "match"),
    (40.0, 8, True, "micro_degree_pg", "match"),
    (40.5, 7, True, False, "gap"),
    (30.0, 4, True, False, "eqf_out"),
    (5.0, 3, True, False, "eqf_out"),
    (5.0, 6, False, False, "needs_assessment"),
    (5.0, 0, True, False, "no_level"),
    (59.0, 7, True, False, "gap"),
    (60.0, 7, True, "master", "match"),
    (90.0, 7, True, "master", "match"),
    (120.0, 7, True, "master", "match"),
    (90.0, 5, True, "short_cycle", "match"),
    (120.0, 5, True, "short_cycle", "match"),
    (120.0, 6, True, False, "eqf_out"),
    (180.0, 6, True, "bachelor", "match"),
    (240.0, 6, True, "bachelor", "match"),
    (179.0, 6, True, False, "gap"),
    (180.0, 8, True, "doctorate", "match"),
    (241.0, 8, True, False, "gap"),
]


class TestClassificationRule(BaseCase):
    """The pure rule, without a database."""

    def test_band_edges(self):
        for ects, eqf, assessed, code, reason in EDGE_CASES:
            with self.subTest(ects=ects, eqf=eqf, assessed=assessed):
                result = classify(ects, eqf, assessed, DEFAULT_TIERS)
                self.assertEqual(result.code, code)
                self.assertEqual(result.reason, reason)
                self.assertTrue(explain(result))

    def test_gap_reason_names_the_neighbouring_bands(self):
        result = classify(6.5, 6, True, DEFAULT_TIERS)
        text = explain(result)
        self.assertIn("6.5 ECTS", text)
        self.assertIn("CMF micro-credential programme: 4–6 ECTS", text)
        self.assertIn("Micro-credential programme: 14–16 ECTS", text)
        self.assertIn("no tier", text)

    def test_order_of_tiers_does_not_matter(self):
        for ects, eqf, assessed, code, _reason in EDGE_CASES:
            with self.subTest(ects=ects, eqf=eqf):
                self.assertEqual(
                    classify(ects, eqf, assessed, list(reversed(DEFAULT_TIERS))).code,
                    code,
                )

    def test_the_table_decides(self):
        """Widen the CMF EQF band in the table: the answer changes, no code does."""
        narrow = [
            t._replace(eqf_min=6, eqf_max=7) if t.code == "cmf" else t
            for t in DEFAULT_TIERS
        ]
        self.assertEqual(classify(5.0, 5, True, DEFAULT_TIERS).code, "cmf")
        self.assertEqual(classify(5.0, 5, True, narrow).reason, "eqf_out")

    def test_stacking_cycle(self):
        self.assertEqual(find_stacking_cycle({1: [2], 2: [3]}, [1]), [])
        self.assertEqual(find_stacking_cycle({1: [2], 2: [1]}, [1]), [1, 2, 1])
        self.assertEqual(
            find_stacking_cycle({1: [2], 2: [3], 3: [1]}, [3]), [3, 1, 2, 3]
        )
        self.assertEqual(find_stacking_cycle({1: [1]}, [1]), [1, 1])
        self.assertEqual(find_stacking_cycle({1: [2, 3], 3: [2], 2: []}, [1]), [])


@tagged("post_install", "-at_install")
class TestClassificationModel(McQualificationCase):
    """The typology shipped as data gives the same answers through the model."""

    def test_shipped_typology_is_the_default_table(self):
        shipped = {t.code: t._as_tier() for t in self.Type.search([])}
        for tier in DEFAULT_TIERS:
            with self.subTest(tier=tier.code):
                self.assertEqual(
                    shipped[tier.code]._replace(name=tier.name),
                    tier,
                    "data/mc_qualification_type_data.xml and DEFAULT_TIERS differ",
                )

    def test_every_tier_has_an_ob3_type(self):
        expected = {
            "learning_unit": "CertificateOfCompletion",
            "mc_course": "Course",
            "cmf": "MicroCredential",
            "micro_degree_pg": "MasterCertificate",
            "micro_degree_ug": "Certificate",
            "short_cycle": "AssociateDegree",
            "bachelor": "BachelorDegree",
            "master": "MasterDegree",
            "doctorate": "DoctoralDegree",
        }
        for code, ob3 in expected.items():
            self.assertEqual(self.qtype(code).ob3_achievement_type, ob3)

    def test_programme_edges(self):
        cases = [
            ((0.9,), 6, "written_exam", "learning_unit"),
            ((1.0,), 6, "written_exam", "mc_course"),
            ((2.0, 2.0), 6, "written_exam", "cmf"),
            ((3.0, 3.0), 7, "written_exam", "cmf"),
            ((3.0, 3.5), 7, "written_exam", False),
            ((7.0, 7.0), 7, "written_exam", "mc_programme"),
            ((10.0, 10.0), 6, "written_exam", "micro_degree_ug"),
            ((20.0, 20.0), 7, "written_exam", "micro_degree_pg"),
            ((60.0,), 7, "written_exam", "master"),
        ]
        for ects_list, eqf, assessment, code in cases:
            with self.subTest(ects=ects_list, eqf=eqf):
                programme = self._programme(
                    f"E{len(self.Programme.search([]))}",
                    [],
                    eqf=eqf,
                    unit_ids=[
                        self._unit(f"u{i}", e, assessment_type=assessment)
                        for i, e in enumerate(ects_list)
                    ],
                )
                expected = self.qtype(code) if code else self.Type
                self.assertEqual(programme.suggested_type_id, expected)
                self.assertEqual(programme.qualification_type_id, expected)
                self.assertFalse(programme.type_warning)
                self.assertTrue(programme.classification_reason)

    def test_unassessed_learning_unit(self):
        programme = self._programme(
            "LU", [], eqf=6, unit_ids=[self._unit("talk", 0.5, assessment_type="none")]
        )
        self.assertEqual(programme.qualification_type_id, self.qtype("learning_unit"))
        programme.unit_ids.ects = 2.0
        self.assertFalse(programme.suggested_type_id)
        self.assertIn("requires an assessment", programme.classification_reason)

    def test_form_shows_classification_and_warning(self):
        form = Form(self.Programme.with_user(self.officer))
        form.name = "Form programme"
        form.code = "FORM1"
        form.partnership_id = self.partnership
        form.eqf_level = 6
        with form.unit_ids.new() as unit:
            unit.name = "Unit A"
            unit.ects = 2.5
            unit.institution_id = self.uni_fr
            unit.assessment_type = "project"
        with form.unit_ids.new() as unit:
            unit.name = "Unit B"
            unit.ects = 2.5
            unit.institution_id = self.uni_es
            unit.assessment_type = "project"
        self.assertEqual(form.ects, 5.0)
        self.assertEqual(form.suggested_type_id, self.qtype("cmf"))
        self.assertEqual(form.qualification_type_id, self.qtype("cmf"))
        self.assertIn("CMF micro-credential programme", form.classification_reason)
        self.assertFalse(form.type_warning)
        # A manual choice that contradicts the rules warns, and does not block.
        form.type_manual = True
        form.qualification_type_id = self.qtype("micro_degree_ug")
        self.assertIn("contradicts", form.type_warning)
        programme = form.save()
        self.assertEqual(programme.qualification_type_id, self.qtype("micro_degree_ug"))
        self.assertTrue(programme.type_warning)
        # Back to the rules.
        programme.type_manual = False
        self.assertEqual(programme.qualification_type_id, self.qtype("cmf"))
        self.assertFalse(programme.type_warning)

    def test_explicit_type_at_create_is_kept(self):
        programme = self._programme(
            "EXPL", [5.0], qualification_type_id=self.qtype("master").id
        )
        self.assertTrue(programme.type_manual)
        self.assertEqual(programme.qualification_type_id, self.qtype("master"))
        self.assertIn("contradicts", programme.type_warning)
