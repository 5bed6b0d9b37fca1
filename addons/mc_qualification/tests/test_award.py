# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-07-01")
class TestAward(AwardCommon):
    """Joint and multiple awards, immutability, suspension, revocation."""

    def _issue(self, enrolments, user=None):
        return enrolments.with_user(user or self.officer).action_issue_award() and (
            enrolments.award_id
        )

    def test_joint_award(self):
        enrolment = self._make_enrolments(1)
        award = self._issue(enrolment)
        self.assertRecordValues(
            award,
            [
                {
                    "state": "issued",
                    "award_mode": "joint",
                    "award_date": date(2026, 7, 1),
                    "learner_id": enrolment.learner_id.id,
                    "programme_id": self.programme.id,
                    "leading_institution_id": self.leuven.id,
                    "issued_by_id": self.officer.id,
                }
            ],
        )
        self.assertEqual(enrolment.state, "completed")
        lines = award.line_ids.sorted(lambda line: line.institution_id.name)
        self.assertEqual(lines.institution_id, self.leuven | self.bologna)
        self.assertRegex(lines[0].award_number, r"^BLEUVEN01/2026/\d{5}$")
        self.assertRegex(lines[1].award_number, r"^IBOLOGNA01/2026/\d{5}$")
        # Each institution classifies the same results in its own scale:
        # average (3 × 80 + 2 × 80) / 5 = 80 → Leuven "Great distinction", Bologna "27".
        self.assertEqual(lines.mapped("classification"), ["Great distinction", "27"])
        self.assertEqual(award.signatory_ids, self.signatories[:2])
        # Joint award: the leading institution's languages.
        self.assertEqual(award.document_lang_ids, self.lang_en | self.lang_fr)

    def test_verification_token(self):
        enrolments = self._make_enrolments(2)
        awards = self._issue(enrolments)
        tokens = awards.mapped("verification_token")
        self.assertEqual(len(set(tokens)), 2)
        for award in awards:
            self.assertGreaterEqual(len(award.verification_token), 32)
            self.assertNotIn(str(award.id), award.verification_token[:2])
            self.assertTrue(
                award.verification_url.endswith(
                    f"/mc/verify/{award.verification_token}"
                )
            )

    def test_multiple_award(self):
        enrolment = self._make_enrolments(1)
        award = (
            self.env["mc.award"]
            .with_user(self.officer)
            ._create_for_enrolments(enrolment)
        )
        with Form(award) as form:
            form.award_mode = "multiple"
        award.action_issue()
        self.assertEqual(award.state, "issued")
        first, second = award.line_ids
        self.assertEqual(first.other_line_ids, second)
        self.assertEqual(second.other_line_ids, first)
        self.assertEqual(first.signatory_ids.institution_id, first.institution_id)
        # Multiple award: each document in its institution's languages.
        self.assertEqual(
            award.document_lang_ids, self.lang_en | self.lang_fr | self.lang_it
        )

    def test_network_double_award(self):
        enrolment = self._make_enrolments(
            1,
            edition=self.net_edition,
            home_institution_id=self.leuven.id,
            mobility_window_id=self.window.id,
        )
        award = self._issue(enrolment)
        self.assertRecordValues(
            award,
            [
                {
                    "award_mode": "multiple",
                    "state": "issued",
                    "leading_institution_id": self.leuven.id,
                }
            ],
        )
        self.assertEqual(award.line_ids.institution_id, self.leuven | self.tartu)

    def test_network_without_mobility_home_awards_alone(self):
        enrolment = self._make_enrolments(
            1, edition=self.net_edition, home_institution_id=self.bologna.id
        )
        award = self._issue(enrolment)
        self.assertEqual(award.award_mode, "joint")
        self.assertEqual(award.line_ids.institution_id, self.bologna)
        self.assertEqual(award.leading_institution_id, self.bologna)

    def test_issued_award_is_immutable(self):
        award = self._issue(self._make_enrolments(1))
        award_as_manager = award.with_user(self.manager)
        for vals in (
            {"award_mode": "multiple"},
            {"award_date": date(2020, 1, 1)},
            {"state": "draft"},
            {"verification_token": "guessable"},
        ):
            with self.assertRaises(UserError):
                award_as_manager.write(vals)
        with self.assertRaisesRegex(UserError, "cannot change"):
            award_as_manager.line_ids[0].classification = "Fake"
        with self.assertRaisesRegex(UserError, "Only draft awards can be deleted"):
            award_as_manager.unlink()
        self.assertRecordValues(award, [{"award_mode": "joint", "state": "issued"}])

    def test_suspend_and_reinstate(self):
        award = self._issue(self._make_enrolments(1))
        with self.assertRaisesRegex(UserError, "registry manager"):
            award.with_user(self.officer).action_suspend()
        action = award.with_user(self.manager).action_suspend()
        with patch.object(type(award), "_post_status_change") as hook:
            wizard = Form(
                self.env[action["res_model"]]
                .with_user(self.manager)
                .with_context(**action["context"])
            )
            wizard.reason = "Plagiarism inquiry"
            wizard.save().action_confirm()
            hook.assert_called_once()
        self.assertRecordValues(
            award, [{"state": "suspended", "suspension_reason": "Plagiarism inquiry"}]
        )
        award.with_user(self.manager).action_reinstate()
        self.assertRecordValues(
            award, [{"state": "issued", "suspension_reason": False}]
        )
        with self.assertRaisesRegex(UserError, "Only suspended"):
            award.with_user(self.manager).action_reinstate()

    def test_revoke(self):
        award = self._issue(self._make_enrolments(1))
        action = award.with_user(self.manager).action_revoke()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.operation, "revoke")
        wizard.reason = "Degree obtained by fraud"
        wizard.save().action_confirm()
        self.assertRecordValues(
            award,
            [
                {
                    "state": "revoked",
                    "revocation_reason": "Degree obtained by fraud",
                    "revocation_date": date(2026, 7, 1),
                    "revoked_by_id": self.manager.id,
                }
            ],
        )
        with self.assertRaisesRegex(UserError, "Only issued or suspended"):
            award.with_user(self.manager)._revoke("again")

    def test_revoke_needs_a_reason(self):
        award = self._issue(self._make_enrolments(1))
        with self.assertRaisesRegex(UserError, "Reason"):
            award.with_user(self.manager)._revoke("  ")
        self.assertEqual(award.state, "issued")

    def test_officer_cannot_revoke(self):
        award = self._issue(self._make_enrolments(1))
        wizard = (
            self.env["mc.award.revoke"]
            .with_user(self.officer)
            .create({"award_ids": award.ids, "reason": "x"})
        )
        with self.assertRaisesRegex(UserError, "Only a registry manager"):
            wizard.action_confirm()
        self.assertEqual(award.state, "issued")

    def test_correct_revokes_and_replaces(self):
        enrolment = self._make_enrolments(1)
        award = self._issue(enrolment)
        old_numbers = award.line_ids.mapped("award_number")
        wizard = (
            self.env["mc.award.revoke"]
            .with_user(self.manager)
            .create(
                {
                    "award_ids": award.ids,
                    "operation": "correct",
                    "reason": "Misspelt name",
                }
            )
        )
        action = wizard.action_confirm()
        replacement = self.env["mc.award"].browse(action["res_id"])
        self.assertRecordValues(
            award,
            [
                {
                    "state": "revoked",
                    "revocation_reason": "Misspelt name",
                    "replacement_award_id": replacement.id,
                }
            ],
        )
        self.assertRecordValues(
            replacement,
            [
                {
                    "state": "draft",
                    "replaced_award_id": award.id,
                    "enrolment_id": enrolment.id,
                }
            ],
        )
        self.assertNotEqual(replacement.verification_token, award.verification_token)
        replacement.with_user(self.manager).action_issue()
        self.assertEqual(replacement.state, "issued")
        self.assertFalse(
            set(old_numbers) & set(replacement.line_ids.mapped("award_number"))
        )
        self.assertEqual(enrolment.award_id, replacement)

    def test_post_issue_called_once_per_batch(self):
        enrolments = self._make_enrolments(3)
        with patch.object(
            type(self.env["mc.award"]), "_post_issue", autospec=True
        ) as hook:
            enrolments.with_user(self.officer).action_issue_award()
        hook.assert_called_once()
        self.assertEqual(len(hook.call_args.args[1]), 3)

    def test_audit_trail_in_chatter(self):
        enrolment = self._make_enrolments(1)
        award = (
            self.env["mc.award"]
            .with_context(tracking_disable=False)
            ._create_for_enrolments(enrolment)
        )
        award.with_context(tracking_disable=False).action_issue()
        award.env.cr.precommit.run()
        tracked = award.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(tracked.new_value_char, "Issued")


@tagged("post_install", "-at_install")
@freeze_time("2026-07-01")
class TestAwardBadInput(AwardCommon):
    """Bad input: a clear error, and nothing saved."""

    def _assert_refused(self, enrolments, message):
        awards_before = self.env["mc.award"].search_count([])
        with self.assertRaisesRegex(UserError, message):
            enrolments.with_user(self.officer).action_issue_award()
        self.assertEqual(self.env["mc.award"].search_count([]), awards_before)

    def test_incomplete_enrolment(self):
        enrolment = self._make_enrolments(1, complete=False)
        self._assert_refused(enrolment, "Not complete: Mandatory units not passed")

    def test_programme_not_published(self):
        enrolment = self._make_enrolments(1)
        self.programme.write({"state": "draft"})
        self._assert_refused(enrolment, "is not published")

    def test_institution_without_valid_signatory(self):
        enrolment = self._make_enrolments(1)
        self.signatories.filtered(
            lambda s: s.institution_id == self.bologna
        ).date_to = date(2025, 12, 31)
        self._assert_refused(enrolment, "University of Bologna has no valid signatory")

    def test_withdrawn_enrolment(self):
        enrolment = self._make_enrolments(1)
        enrolment.state = "withdrawn"
        self._assert_refused(enrolment, "withdrawn")

    def test_second_award_for_same_enrolment(self):
        enrolment = self._make_enrolments(1)
        enrolment.with_user(self.officer).action_issue_award()
        self._assert_refused(enrolment, "already been issued")
        with self.assertRaisesRegex(UserError, "only one award that is not revoked"):
            self.env["mc.award"].with_user(self.officer).create(
                {"enrolment_id": enrolment.id}
            )
        self.assertEqual(len(enrolment.award_ids), 1)

    def test_batch_with_one_bad_enrolment_saves_nothing(self):
        good = self._make_enrolments(2)
        bad = self._make_enrolments(1, complete=False, prefix="Bad")
        self._assert_refused(good | bad, "Bad 0")
        self.assertFalse((good | bad).award_ids)

    def test_issue_twice_in_one_call(self):
        award = self.env["mc.award"]._create_for_enrolments(self._make_enrolments(1))
        award.action_issue()
        with self.assertRaisesRegex(UserError, "Only draft awards can be issued"):
            award.action_issue()
