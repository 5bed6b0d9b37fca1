# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import StackingFixture


@tagged("post_install", "-at_install", "mc_stacking")
class TestRecognition(StackingFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls.ada, cls.bob = (
            cls._learner("Ada Lovelace", email="ada@example.org"),
            cls._learner("Bob Babbage", email="bob@example.org"),
        )
        cls.ada_cmf = cls._issue(cls.ada)
        cls.bob_cmf = cls._issue(cls.bob)
        cls.enrolment = cls._enrol(cls.ada)

    def assertNothingRecorded(self, enrolment=None):
        enrolment = enrolment or self.enrolment
        self.assertFalse(enrolment.recognition_ids)
        self.assertFalse(enrolment.result_ids)

    def _recognise(self, award, enrolment=None):
        enrolment = (enrolment or self.enrolment).with_user(self.officer)
        return enrolment._mc_recognise_awards(award.with_user(self.officer))

    # --- the stable interface ------------------------------------------------

    def test_recognise_prior_awards_records_verified_recognition(self):
        action = self.enrolment.with_user(self.officer).action_recognise_prior_awards()
        self.assertEqual(action["params"]["type"], "success")
        recognition = self.enrolment.recognition_ids
        self.assertRecordValues(
            recognition,
            [
                {
                    "source": "award",
                    "award_id": self.ada_cmf.id,
                    "state": "recognised",
                    "ects_credited": 6.0,
                    "unit_ids": self.unit_steward.ids,
                    "stacking_id": self.rule.id,
                    "credential_ref": self.ada_cmf.credential_uuid,
                    "issuer_ref": json.loads(self.ada_cmf.credential_json)["issuer"][
                        "id"
                    ],
                    "refusal_reason": False,
                }
            ],
        )
        self.assertEqual(str(recognition.credits_valid_until), "2031-07-01")
        self.assertIn("proof:", recognition.verification_note)
        self.assertIn("status: not revoked", recognition.verification_note)
        result = self.enrolment.result_ids
        self.assertRecordValues(
            result,
            [
                {
                    "unit_id": self.unit_steward.id,
                    "passed": True,
                    "ects_earned": 6.0,
                    "recognition_id": recognition.id,
                    "origin": "recognised",
                }
            ],
        )
        self.assertEqual(self.enrolment.ects_recognised, 6.0)
        self.assertEqual(self.enrolment.ects_assessed, 0.0)
        self.assertEqual(self.enrolment.pathway_progress, 30.0)
        self.assertEqual(
            self.enrolment.open_unit_ids, self.unit_services | self.unit_capstone
        )
        self.assertEqual(
            self.enrolment.credits_expire_on, recognition.credits_valid_until
        )

    def test_stacking_rule_reads_as_what_stacks_into_what(self):
        self.assertEqual(
            self.rule.display_name,
            "Data Stewardship stacks into Research Data Professional",
        )

    def test_proposal_skips_what_is_already_recognised(self):
        self.enrolment.action_recognise_prior_awards()
        action = self.enrolment.action_recognise_prior_awards()
        self.assertEqual(len(self.enrolment.recognition_ids), 1)
        self.assertIn("0 prior award(s) recognised.", action["params"]["message"])

    def test_proposal_reports_bad_awards_and_records_nothing_for_them(self):
        self.ada_cmf.with_user(self.manager)._suspend("Plagiarism inquiry")
        action = self.enrolment.action_recognise_prior_awards()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("is suspended", action["params"]["message"])
        self.assertNothingRecorded()

    def test_cohort_recognised_in_one_call(self):
        enrolments = self.enrolment | self._enrol(self.bob)
        enrolments.action_recognise_prior_awards()
        self.assertEqual(
            enrolments.recognition_ids.award_id, self.ada_cmf | self.bob_cmf
        )
        self.assertEqual(enrolments.mapped("ects_recognised"), [6.0, 6.0])

    # --- bad inputs: refused with a reason, nothing recorded ------------------

    def test_another_learners_award_is_refused(self):
        with self.assertRaisesRegex(UserError, "award of another learner"):
            self._recognise(self.bob_cmf)
        self.assertNothingRecorded()

    def test_revoked_award_is_refused(self):
        self.ada_cmf.with_user(self.manager)._revoke("Fraud")
        with self.assertRaisesRegex(UserError, "was revoked"):
            self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_suspended_award_is_refused(self):
        self.ada_cmf.with_user(self.manager)._suspend("Inquiry")
        with self.assertRaisesRegex(UserError, "is suspended"):
            self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_status_list_is_checked_not_the_database_row(self):
        """The award row says issued, but its revocation bit is set in the
        signed status list: the verifier refuses it."""
        entries = self.ada_cmf.status_entry_ids.filtered(
            lambda e: e.purpose == "revocation"
        )
        self.env["mc.status.list"]._set_bits(entries, True)
        self.assertEqual(self.ada_cmf.state, "issued")
        with self.assertRaisesRegex(UserError, r"does not verify: status: revoked"):
            self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_tampered_credential_is_refused(self):
        document = json.loads(self.ada_cmf.credential_json)
        document["credentialSubject"]["creditsEarned"] = 60.0
        self._tamper(self.ada_cmf, document)
        with self.assertRaisesRegex(UserError, r"does not verify: proof:"):
            self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_text_edited_after_the_independent_check_is_verified_again(self):
        self.ada_cmf._mc_check_credentials()
        self.assertEqual(self.ada_cmf.credential_check_state, "passed")
        document = json.loads(self.ada_cmf.credential_json)
        document["credentialSubject"]["achievement"]["creditsAvailable"] = 60.0
        self._tamper(self.ada_cmf, document)
        with self.assertRaisesRegex(UserError, r"does not verify: proof:"):
            self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_expired_credits_are_refused(self):
        with freeze_time("2031-07-02"):
            with self.assertRaisesRegex(UserError, "valid until .*2031.*expired"):
                self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_already_recognised_in_the_programme_is_refused(self):
        self._recognise(self.ada_cmf)
        other_edition = self.degree_edition.copy({"name": "RDPRO 2028"})
        other = self._enrol(self.ada, edition=other_edition)
        with self.assertRaisesRegex(UserError, "already recognised in"):
            self._recognise(self.ada_cmf, other)
        self.assertNothingRecorded(other)
        with self.assertRaisesRegex(UserError, "already recognised in"):
            self._recognise(self.ada_cmf)
        self.assertEqual(len(self.enrolment.recognition_ids), 1)

    def test_identity_mismatch_is_refused(self):
        """The signed credential names the learner by a hashed e-mail; a learner
        record that no longer matches it is not recognised."""
        self.ada.email = "someone.else@example.org"
        with self.assertRaisesRegex(UserError, "names another person"):
            self._recognise(self.ada_cmf)
        self.assertNothingRecorded()

    def test_programme_that_does_not_stack_is_refused(self):
        other = self.degree.copy({"code": "RDPRO-B"})
        edition = self.degree_edition.copy({"programme_id": other.id})
        enrolment = self._enrol(self.ada, edition=edition)
        with self.assertRaisesRegex(UserError, "does not stack into"):
            self._recognise(self.ada_cmf, enrolment)
        self.assertNothingRecorded(enrolment)

    def test_one_bad_award_refuses_the_whole_choice(self):
        with self.assertRaisesRegex(UserError, "award of another learner"):
            self._recognise(self.ada_cmf | self.bob_cmf)
        self.assertNothingRecorded()

    def test_unit_with_a_result_is_not_covered_twice(self):
        self.env["mc.result"].create(
            {
                "enrolment_id": self.enrolment.id,
                "unit_id": self.unit_steward.id,
                "passed": True,
            }
        )
        with self.assertRaisesRegex(UserError, "already have a result"):
            self._recognise(self.ada_cmf)
        self.assertFalse(self.enrolment.recognition_ids)

    def test_lapsed_credits_block_the_award(self):
        self._recognise(self.ada_cmf)
        blockers = self.enrolment.with_context(
            mc_award_date=date(2031, 7, 2)
        )._get_award_blockers()
        self.assertTrue(
            any("lapsed on" in reason for reason in blockers[self.enrolment.id])
        )

    def test_rule_maps_only_units_of_the_target(self):
        with self.assertRaisesRegex(Exception, "must be units of"):
            self.rule.target_unit_ids = self.cmf.unit_ids[:1]
