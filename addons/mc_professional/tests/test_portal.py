# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestPortalIsolation(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_psy = cls._accreditation(
            cls.body_psy, state="under_review", cpd_credits=0
        )
        cls.acc_it = cls._accreditation(
            cls.body_it, state="under_review", cpd_credits=0
        )
        cls.acc_it_other = cls._accreditation(
            cls.body_it, programme=cls.other_programme
        )

    def test_linking_a_portal_user_grants_the_body_portal_group(self):
        self.assertTrue(self.portal_psy.has_group(PORTAL_GROUP))
        self.assertFalse(self.employee.has_group(PORTAL_GROUP))
        with self.assertRaisesRegex(ValidationError, "must be portal users"):
            self.body_psy.portal_user_ids = self.employee

    def test_a_body_sees_only_its_own_records(self):
        Accreditation = self.Accreditation.with_user(self.portal_psy)
        self.assertEqual(Accreditation.search([]), self.acc_psy)
        self.assertEqual(
            self.env["mc.programme"].with_user(self.portal_psy).search([]),
            self.programme,
        )
        self.assertEqual(
            self.env["mc.professional.body"].with_user(self.portal_psy).search([]),
            self.body_psy,
        )
        self.assertEqual(
            self.env["mc.programme"].with_user(self.portal_it).search([]),
            self.programme | self.other_programme,
        )
        with self.assertRaises(AccessError):
            self.acc_it.with_user(self.portal_psy).read(["state"])
        with self.assertRaises(AccessError):
            self.other_programme.with_user(self.portal_psy).read(["name"])
        with self.assertRaises(AccessError):
            self.env["mc.funding.agreement"].with_user(self.portal_psy).search([])

    def test_a_body_cannot_write_directly(self):
        for accreditation in (self.acc_psy, self.acc_it):
            with self.assertRaises(AccessError):
                accreditation.with_user(self.portal_psy).write({"cpd_credits": 5})
        self.assertEqual((self.acc_psy | self.acc_it).mapped("cpd_credits"), [0, 0])

    def test_decision_on_own_accreditation(self):
        self.acc_psy.with_user(self.portal_psy)._portal_record_decision(
            "accept",
            {
                "reference": "TAP-2026-42",
                "date_from": date(2026, 9, 1),
                "date_to": date(2029, 8, 31),
                "cpd_credits": 12.5,
                "conditions": "Review after the first edition.",
            },
            document=("decision.pdf", b"%PDF-1.4 decision"),
        )
        self.assertRecordValues(
            self.acc_psy,
            [
                {
                    "state": "accredited",
                    "reference": "TAP-2026-42",
                    "date_from": date(2026, 9, 1),
                    "date_to": date(2029, 8, 31),
                    "cpd_credits": 12.5,
                    "decided_by_id": self.portal_psy.id,
                    "decision_channel": "portal",
                }
            ],
        )
        self.assertEqual(self.acc_psy.attachment_ids.name, "decision.pdf")
        self.assertEqual(self.acc_psy.attachment_ids.res_id, self.acc_psy.id)

    def test_decision_on_someone_elses_accreditation(self):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.acc_it.with_user(self.portal_psy)._portal_record_decision(
                "accept", {"cpd_credits": 99, "date_from": date(2026, 1, 1)}
            )
        self.assertRecordValues(
            self.acc_it, [{"state": "under_review", "cpd_credits": 0}]
        )

    def test_decision_bad_input_saves_nothing(self):
        Decision = self.acc_psy.with_user(self.portal_psy)
        cases = [
            ("accept", {"cpd_credits": 0, "date_from": date(2026, 1, 1)}, "CPD"),
            (
                "accept",
                {
                    "cpd_credits": 3,
                    "date_from": date(2026, 5, 1),
                    "date_to": date(2026, 4, 1),
                },
                "Valid until",
            ),
            ("maybe", {}, "Choose whether"),
            ("refuse", {"state": "accredited"}, "cannot be set from the portal"),
        ]
        for decision, values, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex((UserError, ValidationError), message),
                self.env.cr.savepoint(),
            ):
                Decision._portal_record_decision(decision, values)
            self.acc_psy.invalidate_recordset()
            self.assertRecordValues(
                self.acc_psy, [{"state": "under_review", "cpd_credits": 0}]
            )

    def test_decided_accreditation_cannot_be_decided_again(self):
        with self.assertRaisesRegex(UserError, "Cannot record a decision"):
            self.acc_it_other.with_user(self.portal_it)._portal_record_decision(
                "refuse", {}
            )


PORTAL_GROUP = "mc_professional.mc_professional_group_portal"


@tagged("post_install", "-at_install")
class TestPortalRoutes(HttpCase, ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_psy = cls._accreditation(
            cls.body_psy, state="requested", cpd_credits=0, reference=False
        )
        cls.acc_it = cls._accreditation(cls.body_it, state="requested", cpd_credits=0)

    def _decision(self, accreditation, **fields):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "decision": "accept",
            "decision_date": "2026-05-04",
            "reference": "TAP-HTTP-1",
            "date_from": "2026-06-01",
            "date_to": "2029-05-31",
            "cpd_credits": "8",
        }
        data.update(fields)
        return self.url_open(
            f"/my/accreditations/{accreditation.id}/decision",
            data=data,
            files={"document": ("minutes.txt", b"Board minutes", "text/plain")},
            allow_redirects=False,
        )

    def test_list_and_detail_of_own_body(self):
        self.authenticate("mcp_portal_psy", "mcp_portal_psy")
        response = self.url_open("/my/accreditations")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Evidence-based Counselling", response.text)
        self.assertNotIn("TSIT-requested", response.text)
        response = self.url_open(f"/my/accreditations/{self.acc_psy.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_mc_decision_form", response.text)

    def test_other_body_gets_not_found(self):
        self.authenticate("mcp_portal_psy", "mcp_portal_psy")
        response = self.url_open(f"/my/accreditations/{self.acc_it.id}")
        self.assertEqual(response.status_code, 404)
        response = self._decision(self.acc_it)
        self.assertEqual(response.status_code, 404)
        self.acc_it.invalidate_recordset()
        self.assertRecordValues(self.acc_it, [{"state": "requested", "cpd_credits": 0}])
        self.assertFalse(self.acc_it.attachment_ids)

    def test_internal_user_without_body_is_redirected(self):
        self.authenticate("mcp_finance", "mcp_finance")
        response = self.url_open("/my/accreditations", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_post_decision(self):
        self.authenticate("mcp_portal_psy", "mcp_portal_psy")
        response = self._decision(self.acc_psy)
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            f"/my/accreditations/{self.acc_psy.id}", response.headers["Location"]
        )
        self.acc_psy.invalidate_recordset()
        self.assertRecordValues(
            self.acc_psy,
            [
                {
                    "state": "accredited",
                    "reference": "TAP-HTTP-1",
                    "decision_date": date(2026, 5, 4),
                    "date_from": date(2026, 6, 1),
                    "date_to": date(2029, 5, 31),
                    "cpd_credits": 8.0,
                    "decision_channel": "portal",
                }
            ],
        )
        self.assertEqual(self.acc_psy.attachment_ids.name, "minutes.txt")

    def test_post_bad_decision_shows_the_error(self):
        self.authenticate("mcp_portal_psy", "mcp_portal_psy")
        response = self._decision(self.acc_psy, date_to="2026-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_mc_decision_error", response.text)
        self.assertIn("Valid until", response.text)
        self.acc_psy.invalidate_recordset()
        self.assertRecordValues(
            self.acc_psy, [{"state": "requested", "reference": False}]
        )
        self.assertFalse(self.acc_psy.attachment_ids)

    def test_tour_portal_decision(self):
        self.start_tour(
            "/my", "mc_professional_portal_decision", login="mcp_portal_psy"
        )
        self.acc_psy.invalidate_recordset()
        self.assertRecordValues(
            self.acc_psy,
            [
                {
                    "state": "accredited",
                    "reference": "TOUR-2026-001",
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2028, 12, 31),
                    "cpd_credits": 12.5,
                    "decided_by_id": self.portal_psy.id,
                }
            ],
        )
