# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import McQualificationCase


@tagged("post_install", "-at_install")
class TestApprovalWorkflow(McQualificationCase):
    """draft → in approval → published → closed, with the partners' approvals."""

    def test_send_for_approval_requests_every_partner(self):
        programme = self._complete_programme("WF1").with_user(self.officer)
        programme.action_send_for_approval()
        self.assertEqual(programme.state, "approval")
        self.assertEqual(
            programme.alignment_ids.institution_id, self.partnership.institution_ids
        )
        self.assertEqual(
            set(programme.alignment_ids.mapped("approval_state")), {"requested"}
        )
        self.assertEqual(programme.approval_summary, "0 of 3 approved")

    def test_publish_needs_every_approval(self):
        programme = self._complete_programme("WF2")
        programme.with_user(self.officer).action_send_for_approval()
        lines = programme.alignment_ids.sorted("id")
        lines[:2].with_user(self.officer).action_approve()
        self.assertRecordValues(
            lines,
            [
                {"approval_state": "approved", "approval_user_id": self.officer.id},
                {"approval_state": "approved", "approval_user_id": self.officer.id},
                {"approval_state": "requested", "approval_user_id": False},
            ],
        )
        with self.assertRaisesRegex(UserError, "Not approved by Test Universidad"):
            programme.with_user(self.manager).action_publish()
        self.assertEqual(programme.state, "approval")
        lines[2].with_user(self.officer).action_refuse()
        with self.assertRaisesRegex(UserError, "Not approved by Test Universidad"):
            programme.with_user(self.manager).action_publish()
        lines[2].with_user(self.officer).action_approve()
        programme.with_user(self.manager).action_publish()
        self.assertEqual(programme.state, "published")
        programme.with_user(self.manager).action_close()
        self.assertEqual(programme.state, "closed")

    def test_officer_cannot_publish(self):
        programme = self._complete_programme("WF3")
        programme.action_send_for_approval()
        programme.alignment_ids.action_approve()
        with self.assertRaisesRegex(UserError, "registry manager"):
            programme.with_user(self.officer).action_publish()
        self.assertEqual(programme.state, "approval")

    def test_publish_with_missing_elements_is_refused(self):
        programme = self._programme("WF4", [5.0])
        programme.action_send_for_approval()
        programme.alignment_ids.action_approve()
        with self.assertRaises(UserError) as error:
            programme.with_user(self.manager).action_publish()
        message = str(error.exception)
        for element in (
            "Learning outcomes",
            "Form of participation",
            "Type of quality assurance",
        ):
            self.assertIn(element, message)
        self.assertEqual(programme.state, "approval")

    def test_send_without_volume_or_level(self):
        empty = self.Programme.create(
            {"name": "Empty", "code": "WF5", "partnership_id": self.partnership.id}
        )
        with self.assertRaisesRegex(UserError, "ECTS must be greater than 0"):
            empty.action_send_for_approval()
        no_level = self._programme("WF6", [5.0], eqf=0)
        with self.assertRaisesRegex(UserError, "EQF level"):
            no_level.action_send_for_approval()
        self.assertEqual((empty | no_level).mapped("state"), ["draft", "draft"])
        self.assertFalse((empty | no_level).alignment_ids)

    def test_back_to_draft_and_again(self):
        programme = self._complete_programme("WF7")
        programme.action_send_for_approval()
        programme.alignment_ids[0].action_refuse()
        programme.action_back_to_draft()
        programme.learning_outcomes = "<p>Better outcomes.</p>"
        programme.action_send_for_approval()
        self.assertEqual(
            programme.alignment_ids.mapped("approval_state"), ["requested"] * 3
        )

    def test_decision_only_in_approval(self):
        programme = self._complete_programme("WF8")
        line = self.env["mc.programme.alignment"].create(
            {"programme_id": programme.id, "institution_id": self.uni_fr.id}
        )
        with self.assertRaisesRegex(UserError, "in approval"):
            line.action_approve()
        self.assertEqual(line.approval_state, "to_request")


@tagged("post_install", "-at_install")
class TestVersioning(McQualificationCase):
    def _published(self, code):
        programme = self._complete_programme(code)
        programme.action_send_for_approval()
        programme.alignment_ids.action_approve()
        programme.with_user(self.manager).action_publish()
        return programme

    def test_published_content_is_frozen(self):
        programme = self._published("V1")
        for vals in (
            {"name": "Renamed"},
            {"eqf_level": 7},
            {"learning_outcomes": "<p>Other</p>"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "New version"),
            ):
                programme.write(vals)
        with self.assertRaisesRegex(UserError, "frozen"):
            programme.unit_ids[0].ects = 10
        with self.assertRaisesRegex(UserError, "frozen"):
            programme.unit_ids[0].unlink()
        with self.assertRaisesRegex(UserError, "frozen"):
            self.env["mc.programme.unit"].create(
                {"programme_id": programme.id, "name": "Extra", "ects": 1}
            )
        with self.assertRaisesRegex(UserError, "frozen"):
            programme.alignment_ids[0].local_name = "Other name"
        with self.assertRaisesRegex(UserError, "close or archive"):
            programme.with_user(self.manager).unlink()
        self.assertRecordValues(
            programme, [{"name": "Programme V1", "eqf_level": 6, "ects": 5.0}]
        )
        # Non-content fields stay editable: archiving, colour, chatter.
        programme.color = 3

    def test_new_version(self):
        programme = self._published("V2")
        action = programme.with_user(self.officer).action_new_version()
        new = self.Programme.browse(action["res_id"])
        self.assertRecordValues(
            new,
            [
                {
                    "code": "V2",
                    "version": 2,
                    "state": "draft",
                    "previous_version_id": programme.id,
                    "ects": 5.0,
                    "qualification_type_id": programme.qualification_type_id.id,
                }
            ],
        )
        self.assertEqual(len(new.unit_ids), 2)
        self.assertNotEqual(new.unit_ids, programme.unit_ids)
        self.assertEqual(new.alignment_ids.mapped("approval_state"), ["to_request"] * 3)
        # The new draft is editable; the published version is untouched.
        new.unit_ids[0].ects = 10.0
        self.assertEqual(new.ects, 12.5)
        self.assertEqual(programme.ects, 5.0)
        self.assertEqual(programme.unit_ids.mapped("ects"), [2.5, 2.5])
        # A third version numbers after the highest.
        new.action_send_for_approval()
        new.alignment_ids.action_approve()
        new.with_user(self.manager).action_publish()
        third = self.Programme.browse(programme.action_new_version()["res_id"])
        self.assertEqual(third.version, 3)

    def test_created_published_with_its_lines(self):
        """Other parts (imports, award tests) may create a published version in
        one go; the lines are then frozen like any published content."""
        programme = self._programme("V4", [5.0], state="published")
        self.assertEqual(programme.state, "published")
        self.assertEqual(programme.ects, 5.0)
        with self.assertRaisesRegex(UserError, "frozen"):
            programme.unit_ids.ects = 6.0

    def test_new_version_only_from_published(self):
        programme = self._complete_programme("V3")
        with self.assertRaisesRegex(UserError, "only a published"):
            programme.action_new_version()
        self.assertEqual(self.Programme.search_count([("code", "=", "V3")]), 1)


@tagged("post_install", "-at_install")
class TestChecklist(McQualificationCase):
    def _items(self, programme):
        return {i["key"]: i["ok"] for i in programme._get_checklist()}

    def test_empty_programme(self):
        programme = self._programme("C1", [5.0], eqf=0)
        items = self._items(programme)
        self.assertFalse(programme.checklist_ok)
        for key in ("outcomes", "level", "participation", "quality_assurance"):
            self.assertFalse(items[key], key)
        for key in ("title", "country", "awarding_body", "workload", "assessment"):
            self.assertTrue(items[key], key)
        self.assertIn("✗", programme.checklist_html)
        self.assertIn("Annex I, mandatory elements: 7/11", programme.checklist_summary)

    def test_complete_programme(self):
        programme = self._complete_programme("C2", ects_list=(1.0, 2.0), eqf=6)
        self.assertEqual(programme.qualification_type_id, self.qtype("mc_course"))
        self.assertTrue(programme.checklist_ok)
        self.assertIn("Annex I, mandatory elements: 11/11", programme.checklist_summary)
        self.assertNotIn("CMF criteria", programme.checklist_summary)

    def test_each_mandatory_element_counts(self):
        programme = self._complete_programme("C3", ects_list=(1.0, 2.0))
        for field, empty in (
            ("learning_outcomes", "<p><br></p>"),
            ("assessment_type", False),
            ("participation_form", False),
            ("delivery_method", False),
            ("quality_assurance", False),
        ):
            with self.subTest(field=field):
                before = programme[field]
                programme[field] = empty
                if field == "assessment_type":
                    programme.unit_ids.assessment_type = False
                self.assertFalse(programme.checklist_ok)
                programme[field] = before
                programme.unit_ids.assessment_type = "written_exam"
                self.assertTrue(programme.checklist_ok)

    def test_country_missing(self):
        self.uni_es.country_id = False
        programme = self._complete_programme("C4", ects_list=(1.0, 2.0))
        self.assertFalse(self._items(programme)["country"])
        self.assertIn("No country: Test Universidad", programme.checklist_html)

    def test_cmf_criteria(self):
        programme = self._complete_programme(
            "C5", ects_list=(2.5, 2.5), eqf=6, stacking_ids=[]
        )
        self.assertEqual(programme.qualification_type_id, self.qtype("cmf"))
        items = self._items(programme)
        # 135 hours, 5 ECTS, EQF 6, identity verified; not yet towards a degree.
        self.assertTrue(items["cmf_hours"])
        self.assertTrue(items["cmf_ects"])
        self.assertTrue(items["cmf_eqf"])
        self.assertTrue(items["cmf_assessment"])
        self.assertFalse(items["cmf_degree"])
        self.assertFalse(programme.checklist_ok)
        programme.write(
            {
                "stacking_ids": [
                    (0, 0, {"target_degree_name": "Master of Public Health"})
                ]
            }
        )
        self.assertTrue(programme.counts_towards_degree)
        self.assertTrue(programme.checklist_ok)
        programme.unit_ids[0].supervision_mode = "supervised_no_id"
        self.assertFalse(self._items(programme)["cmf_assessment"])
        programme.unit_ids[0].supervision_mode = "supervised_id"
        programme.hours = 90
        self.assertFalse(self._items(programme)["cmf_hours"])
        self.assertIn("hours per credit", programme.hours_warning)

    def test_counts_towards_degree_through_a_chain(self):
        degree = self._complete_programme(
            "C6M", ects_list=(30.0, 30.0), eqf=7, hours=1620, stacking_ids=[]
        )
        self.assertEqual(degree.qualification_type_id, self.qtype("master"))
        middle = self._complete_programme(
            "C6D",
            ects_list=(15.0, 15.0),
            eqf=7,
            stacking_ids=[(0, 0, {"target_programme_id": degree.id})],
        )
        cmf = self._complete_programme(
            "C6C",
            eqf=7,
            stacking_ids=[(0, 0, {"target_programme_id": middle.id})],
        )
        self.assertTrue(cmf.counts_towards_degree)
        self.assertTrue(middle.counts_towards_degree)
        self.assertFalse(degree.counts_towards_degree)

    def test_supplement_readiness(self):
        programme = self._complete_programme("C7", ects_list=(1.0, 2.0))
        items = self._items(programme)
        self.assertFalse(items["he_system"])
        self.assertFalse(items["signatory"])
        self.assertFalse(items["field"])
        self.env["mc.signatory"].create(
            {
                "institution_id": self.uni_be.id,
                "person_id": self.env["res.partner"].create({"name": "Rector T."}).id,
                "function": "rector",
            }
        )
        (
            self.uni_be | self.uni_fr | self.uni_es
        ).he_system_description = "<p>Binary system.</p>"
        programme.field_of_study = "Health data"
        programme.invalidate_recordset()
        items = self._items(programme)
        self.assertTrue(items["he_system"])
        self.assertTrue(items["signatory"])
        self.assertTrue(items["field"])


@tagged("post_install", "-at_install")
class TestBadInput(McQualificationCase):
    """Each bad input raises an error naming the field, and saves nothing."""

    def test_ects_not_positive(self):
        for ects in (0.0, -1.0):
            with (
                self.subTest(ects=ects),
                self.assertRaisesRegex(ValidationError, "ECTS must be greater than 0"),
            ):
                self._programme(f"B{ects}", [ects])
        self.assertFalse(self.Programme.search([("code", "like", "B")]))

    def test_eqf_out_of_range(self):
        for level in (9, -1):
            with (
                self.subTest(level=level),
                self.assertRaisesRegex(
                    ValidationError, "EQF level must be between 1 and 8"
                ),
            ):
                self._programme(f"EQ{level}", [5.0], eqf=level)
        with self.assertRaisesRegex(
            ValidationError, "EQF level must be between 1 and 8"
        ):
            self._programme(
                "EQU", [], unit_ids=[self._unit("Bad unit", 5.0, eqf_level=12)]
            )
        self.assertFalse(self.Programme.search([("code", "like", "EQ")]))

    def test_unit_from_outside_the_partnership(self):
        with self.assertRaisesRegex(
            ValidationError, "Test Outsider University is not a member"
        ):
            self._programme(
                "OUT",
                [],
                unit_ids=[self._unit("Outside", 5.0, institution=self.uni_out)],
            )
        self.assertFalse(self.Programme.search([("code", "=", "OUT")]))
        programme = self._programme("OUT2", [5.0])
        with self.assertRaisesRegex(ValidationError, "not a member"):
            programme.unit_ids.institution_id = self.uni_out
        self.assertEqual(programme.unit_ids.institution_id, self.uni_be)

    def test_changing_the_partnership_checks_the_units(self):
        programme = self._programme("MOVE", [5.0])
        other = self.env["mc.partnership"].create(
            {
                "name": "Other",
                "code": "OTHER",
                "member_ids": [(0, 0, {"institution_id": self.uni_out.id})],
            }
        )
        with self.assertRaisesRegex(ValidationError, "not a member"):
            programme.partnership_id = other
        self.assertEqual(programme.partnership_id, self.partnership)

    def test_stacking_cycle(self):
        prog_a = self._programme("SA", [5.0])
        prog_b = self._programme(
            "SB", [15.0], stacking_ids=[(0, 0, {"target_programme_id": prog_a.id})]
        )
        with self.assertRaisesRegex(ValidationError, "stacking cycle"):
            prog_a.write({"stacking_ids": [(0, 0, {"target_programme_id": prog_b.id})]})
        self.assertFalse(prog_a.stacking_ids)
        prog_c = self._programme(
            "SC", [20.0], stacking_ids=[(0, 0, {"target_programme_id": prog_b.id})]
        )
        with self.assertRaisesRegex(ValidationError, r"\[SA v1\].*→.*\[SC v1\]"):
            prog_a.write({"stacking_ids": [(0, 0, {"target_programme_id": prog_c.id})]})
        with self.assertRaisesRegex(ValidationError, "into itself"):
            prog_a.write({"stacking_ids": [(0, 0, {"target_programme_id": prog_a.id})]})
        with self.assertRaisesRegex(ValidationError, "exactly one"):
            prog_a.write({"stacking_ids": [(0, 0, {"credit_validity_months": 12})]})
        self.assertFalse(prog_a.stacking_ids)

    def test_duplicate_code(self):
        first = self._programme("DUP", [5.0])
        with self.assertRaisesRegex(ValidationError, "code DUP and version 1"):
            self._programme("DUP", [5.0])
        self.assertEqual(self.Programme.search_count([("code", "=", "DUP")]), 1)
        second = self._programme("DUP2", [5.0])
        with self.assertRaisesRegex(ValidationError, "code DUP and version 1"):
            second.code = "DUP"
        self.assertEqual(second.code, "DUP2")
        self.assertEqual(first.code, "DUP")

    def test_typology_bands(self):
        with self.assertRaisesRegex(ValidationError, "EQF range"):
            self.qtype("cmf").with_user(self.manager).eqf_max = 9
        with self.assertRaisesRegex(ValidationError, "ECTS up to"):
            self.qtype("cmf").with_user(self.manager).ects_max = 2
        self.assertEqual(self.qtype("cmf").eqf_max, 8)

    def test_manager_edits_the_typology(self):
        """The CMF EQF band is data: narrowing it reclassifies the programmes
        being designed, not the published ones."""
        draft = self._programme("NARROW", [5.0], eqf=5)
        published = self._complete_programme("PUB", eqf=5)
        published.action_send_for_approval()
        published.alignment_ids.action_approve()
        published.with_user(self.manager).action_publish()
        self.assertEqual(draft.qualification_type_id, self.qtype("cmf"))
        self.qtype("cmf").with_user(self.manager).write({"eqf_min": 6, "eqf_max": 7})
        self.assertFalse(draft.suggested_type_id)
        self.assertFalse(draft.qualification_type_id)
        self.assertIn("outside the level range", draft.classification_reason)
        new = self._programme("NARROW2", [5.0], eqf=5)
        self.assertFalse(new.suggested_type_id)
        self.assertEqual(published.qualification_type_id, self.qtype("cmf"))
        self.assertFalse(published.type_warning)

    def test_one_leading_institution(self):
        with self.assertRaisesRegex(ValidationError, "only one member"):
            self.partnership.member_ids[1].role = "leading"
        self.assertEqual(self.partnership.leading_institution_id, self.uni_be)

    def test_signatory_dates(self):
        person = self.env["res.partner"].create({"name": "Dean D."})
        with self.assertRaisesRegex(ValidationError, "Valid until"):
            self.env["mc.signatory"].create(
                {
                    "institution_id": self.uni_fr.id,
                    "person_id": person.id,
                    "date_from": "2026-01-01",
                    "date_to": "2025-01-01",
                }
            )
        self.assertFalse(self.uni_fr.signatory_ids)


@tagged("post_install", "-at_install")
class TestSignatory(McQualificationCase):
    def test_filtered_valid(self):
        persons = self.env["res.partner"].create([{"name": "Old"}, {"name": "New"}])
        signatories = self.env["mc.signatory"].create(
            [
                {
                    "institution_id": self.uni_be.id,
                    "person_id": persons[0].id,
                    "date_to": "2025-08-31",
                },
                {
                    "institution_id": self.uni_be.id,
                    "person_id": persons[1].id,
                    "date_from": "2025-09-01",
                },
            ]
        )
        self.assertEqual(signatories._filtered_valid("2025-08-31"), signatories[0])
        self.assertEqual(signatories._filtered_valid("2025-09-01"), signatories[1])
        self.assertEqual(self.uni_be.signatory_count, 2)


@tagged("post_install", "-at_install")
class TestPartnershipAndWindows(McQualificationCase):
    def test_partnership_computed_fields_and_actions(self):
        self.assertEqual(self.partnership.leading_institution_id, self.uni_be)
        self.assertEqual(
            self.partnership.institution_ids, self.uni_be | self.uni_fr | self.uni_es
        )
        programme = self._programme("PA1", [5.0])
        self.assertEqual(self.partnership.programme_count, 1)
        self.assertEqual(
            [r[0] for r in self.Programme.name_search("PA1")], programme.ids
        )
        self.assertEqual(programme.display_name, "[PA1 v1] Programme PA1")
        action = self.partnership.action_view_programmes()
        self.assertEqual(self.Programme.search(action["domain"]), programme)
        self.assertEqual(
            self.env["mc.programme.unit"].search(
                programme.action_view_units()["domain"]
            ),
            programme.unit_ids,
        )
        self.assertEqual(
            self.Programme.search(programme.action_view_versions()["domain"]), programme
        )
        # The leading role moves: the computed leader follows.
        self.partnership.member_ids.filtered(
            lambda m: m.role == "leading"
        ).role = "partner"
        self.partnership.member_ids.filtered(
            lambda m: m.institution_id == self.uni_fr
        ).role = "leading"
        self.assertEqual(programme.leading_institution_id, self.uni_fr)

    def test_partnership_dates(self):
        with self.assertRaisesRegex(
            ValidationError, "End date .* cannot be before Start date"
        ):
            self.partnership.write(
                {"date_start": "2026-01-01", "date_end": "2025-01-01"}
            )
        self.assertFalse(self.partnership.date_end)

    def test_mobility_window(self):
        programme = self._programme("MW1", [2.5, 2.5])
        other = self._programme("MW2", [5.0])
        window = self.env["mc.mobility.window"].create(
            {
                "programme_id": programme.id,
                "name": "Spring in Lyon",
                "host_institution_id": self.uni_fr.id,
                "unit_ids": [(6, 0, programme.unit_ids[:1].ids)],
            }
        )
        self.assertEqual(window.ects, 2.5)
        with self.assertRaisesRegex(ValidationError, "host institution"):
            window.host_institution_id = self.uni_out
        with self.assertRaisesRegex(ValidationError, "same programme"):
            window.unit_ids = [(4, other.unit_ids.id)]
        self.assertRecordValues(
            window, [{"host_institution_id": self.uni_fr.id, "ects": 2.5}]
        )
