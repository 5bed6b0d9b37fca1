# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import shutil
import subprocess
import tempfile
from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestCpdLedger(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_psy = cls._accreditation(cls.body_psy, cpd_credits=10)
        cls.acc_it = cls._accreditation(
            cls.body_it, cpd_credits=20, co_created=True, issues_certificate=True
        )
        # Not valid on the award date: ended before, refused, other programme.
        cls._accreditation(
            cls.body_psy,
            date_from=date(2023, 1, 1),
            date_to=date(2025, 12, 31),
            state="expired",
        )
        cls._accreditation(cls.body_it, state="refused", cpd_credits=0)
        cls._accreditation(cls.body_psy, programme=cls.other_programme)

    def test_one_record_per_valid_accreditation(self):
        awards = self._issue_awards(self.enrolments[:2], award_date=date(2026, 7, 1))
        records = self.env["mc.cpd.record"].search([("award_id", "in", awards.ids)])
        self.assertEqual(len(records), 4)
        ada = records.filtered(lambda r: r.learner_id == self.learners[0]).sorted(
            "credits"
        )
        self.assertRecordValues(
            ada,
            [
                {
                    "accreditation_id": self.acc_psy.id,
                    "body_id": self.body_psy.id,
                    "programme_id": self.programme.id,
                    "credits": 10.0,
                    "date": date(2026, 7, 1),
                    "state": "valid",
                },
                {
                    "accreditation_id": self.acc_it.id,
                    "body_id": self.body_it.id,
                    "programme_id": self.programme.id,
                    "credits": 20.0,
                    "date": date(2026, 7, 1),
                    "state": "valid",
                },
            ],
        )
        self.assertEqual(self.learners[0].cpd_record_count, 2)

    def test_never_twice(self):
        awards = self._issue_awards(self.enrolments[:1], award_date=date(2026, 7, 1))
        CpdRecord = self.env["mc.cpd.record"]
        self.assertEqual(len(awards.cpd_record_ids), 2)
        # The hook may run again (e.g. a retried batch): nothing is added.
        self.assertFalse(CpdRecord._create_for_awards(awards))
        self.env["mc.award"]._post_issue(awards)
        self.assertEqual(CpdRecord.search_count([("award_id", "in", awards.ids)]), 2)
        # And the database refuses a duplicate written behind the ORM's back.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            CpdRecord.create(
                {
                    "learner_id": awards.learner_id.id,
                    "accreditation_id": self.acc_psy.id,
                    "award_id": awards.id,
                    "date": awards.award_date,
                    "credits": 10,
                }
            )

    def test_revoked_award_cancels_its_credits(self):
        awards = self._issue_awards(self.enrolments[:1], award_date=date(2026, 7, 1))
        records = awards.cpd_record_ids
        self.assertEqual(set(records.mapped("state")), {"valid"})
        awards.with_user(self.registry_user)._revoke("Plagiarism established.")
        self.assertEqual(set(records.mapped("state")), {"cancelled"})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "mc_professional.action_report_cpd_statement", records.ids
        )[0]
        self.assertNotIn(b"o_mc_cpd_statement", html)

    def test_no_credit_outside_validity(self):
        awards = self._issue_awards(self.enrolments[:1], award_date=date(2029, 3, 1))
        self.assertFalse(awards.cpd_record_ids)

    def test_batch_creation_is_not_a_loop_of_queries(self):
        awards = self._issue_awards(self.enrolments, award_date=date(2026, 7, 1))
        awards.cpd_record_ids.unlink()
        CpdRecord = self.env["mc.cpd.record"]
        self.env.invalidate_all()
        # Includes signing the body's professional certificates (acc_it issues
        # one): batch too, with the body's key generated already, and their
        # indexes in the body's status lists (lists, index draw, entries).
        with self.assertQueryCount(__system__=19):
            CpdRecord._create_for_awards(awards[:1])
            CpdRecord.flush_model()
        awards.cpd_record_ids.unlink()
        self.env.invalidate_all()
        # Three awards cost the same number of queries as one.
        with self.assertQueryCount(__system__=19):
            CpdRecord._create_for_awards(awards)
            CpdRecord.flush_model()
        self.assertEqual(len(awards.cpd_record_ids), 6)

    def test_supplement_professional_recognition(self):
        awards = self._issue_awards(self.enrolments[:1], award_date=date(2026, 7, 1))
        self.assertEqual(
            awards._get_supplement_professional_recognition(),
            [
                {
                    "body": "Test Association of Psychologists",
                    "statement": "Accredited for Psychologists' CPD points, "
                    "reference TAP-accredited",
                    "credits": 10.0,
                    "sector": "Psychology",
                    "accreditation_ref": "TAP-accredited",
                    "cpd_credits": 10.0,
                    "cpd_unit": "Points",
                    "valid_until": date(2028, 12, 31),
                    "co_created": False,
                },
                {
                    "body": "Test Society for IT Professionals",
                    "statement": "Co-created with the body and accredited for IT "
                    "professional development hours, reference TSIT-accredited",
                    "credits": 20.0,
                    "sector": "Information technology",
                    "accreditation_ref": "TSIT-accredited",
                    "cpd_credits": 20.0,
                    "cpd_unit": "Hours",
                    "valid_until": date(2028, 12, 31),
                    "co_created": True,
                },
            ],
        )

    def test_qr_holds_only_the_verification_url(self):
        awards = self._issue_awards(self.enrolments[:1], award_date=date(2026, 7, 1))
        uri = awards._get_qr_code_data_uri()
        self.assertTrue(uri.startswith("data:image/png;base64,"))
        zbarimg = shutil.which("zbarimg")
        if not zbarimg:
            self.skipTest("zbarimg is not installed")
        with tempfile.NamedTemporaryFile(suffix=".png") as png:
            png.write(base64.b64decode(uri.split(",", 1)[1]))
            png.flush()
            decoded = subprocess.run(
                [zbarimg, "--quiet", "--raw", png.name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        self.assertEqual(decoded, awards.verification_url)
        self.assertIn("/mc/verify/", decoded)
