# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestAccreditationLifecycle(ProfessionalCase):
    def test_request_review_accredit_expire(self):
        Accreditation = self.Accreditation.with_user(self.recognition)
        accreditation = Accreditation.create(
            {"body_id": self.body_psy.id, "programme_id": self.programme.id}
        )
        self.assertEqual(accreditation.state, "requested")
        accreditation.action_review()
        self.assertEqual(accreditation.state, "under_review")
        accreditation.write(
            {
                "reference": "TAP-2026-7",
                "date_from": date(2026, 3, 1),
                "date_to": date(2029, 2, 28),
                "cpd_credits": 10,
            }
        )
        with freeze_time("2026-03-02"):
            accreditation.action_accredit()
        self.assertRecordValues(
            accreditation,
            [
                {
                    "state": "accredited",
                    "decision_date": date(2026, 3, 2),
                    "decided_by_id": self.recognition.id,
                    "decision_channel": "office",
                }
            ],
        )
        accreditation.action_expire()
        self.assertEqual(accreditation.state, "expired")

    def test_checklist_asks_for_the_accreditation_sought(self):
        """mc_professional extends the programme checklist with its own check."""
        programme = self.programme.with_user(self.registry_user)

        def item():
            items = programme._get_checklist()
            return [i for i in items if i["key"] == "accreditation"]

        self.assertFalse(item(), "no recognition sought: the check does not apply")
        self.programme.recognition_bodies = "Order of Psychologists"
        self.assertEqual(item()[0]["ok"], False)
        self.assertIn("Professional recognition: 0/1", programme.checklist_summary)
        self._accreditation(self.body_psy, state="requested")
        programme.invalidate_recordset()
        self.assertEqual(item()[0]["ok"], True)
        self.assertIn("Professional recognition: 1/1", programme.checklist_summary)

    def test_refuse_then_reopen(self):
        accreditation = self._accreditation(self.body_it, state="under_review")
        accreditation.with_user(self.recognition).action_refuse()
        self.assertEqual(accreditation.state, "refused")
        self.assertTrue(accreditation.decision_date)
        accreditation.with_user(self.recognition).action_reopen()
        self.assertRecordValues(
            accreditation, [{"state": "requested", "decision_date": False}]
        )

    def test_withdraw(self):
        accreditation = self._accreditation(self.body_psy)
        accreditation.with_user(self.recognition).action_withdraw()
        self.assertEqual(accreditation.state, "withdrawn")
        self.assertFalse(accreditation._filtered_valid(date(2026, 6, 1)))

    def test_wrong_transitions_are_refused(self):
        accreditation = self._accreditation(self.body_psy, state="refused")
        with self.assertRaisesRegex(UserError, "Cannot accredit .* it is Refused"):
            accreditation.action_accredit()
        with self.assertRaisesRegex(UserError, "Cannot withdraw"):
            accreditation.action_withdraw()
        self.assertEqual(accreditation.state, "refused")

    def test_suggested_cpd_from_the_body_rule(self):
        # Psychologists: 2 points per ECTS on a 5 ECTS programme.
        with Form(self.Accreditation.with_user(self.recognition)) as form:
            form.body_id = self.body_psy
            form.programme_id = self.programme
            self.assertEqual(form.suggested_cpd_credits, 10.0)
            # IT professionals: 0.5 hours per study hour on 135 hours.
            form.body_id = self.body_it
            self.assertEqual(form.suggested_cpd_credits, 67.5)

    def test_each_body_grants_its_own_value(self):
        psy = self._accreditation(self.body_psy, cpd_credits=10)
        it = self._accreditation(self.body_it, cpd_credits=20)
        self.assertEqual(
            sorted(self.programme.accreditation_ids.mapped("cpd_credits")), [10.0, 20.0]
        )
        self.assertEqual((psy | it)._filtered_valid(date(2026, 6, 1)), psy | it)
        self.assertFalse((psy | it)._filtered_valid(date(2025, 12, 31)))
        self.assertFalse((psy | it)._filtered_valid(date(2029, 1, 1)))


@tagged("post_install", "-at_install")
class TestAccreditationBadInput(ProfessionalCase):
    def test_validity_end_before_start(self):
        Accreditation = self.Accreditation.with_user(self.recognition)
        count = Accreditation.search_count([])
        with (
            self.assertRaisesRegex(ValidationError, "Valid until .* before Valid from"),
            self.env.cr.savepoint(),
        ):
            Accreditation.create(
                {
                    "body_id": self.body_psy.id,
                    "programme_id": self.programme.id,
                    "date_from": date(2026, 5, 1),
                    "date_to": date(2026, 4, 30),
                }
            )
        self.assertEqual(Accreditation.search_count([]), count)

    def test_accredited_needs_positive_cpd(self):
        accreditation = self._accreditation(
            self.body_psy, state="under_review", cpd_credits=0
        )
        with (
            self.assertRaisesRegex(ValidationError, "CPD value greater than zero"),
            self.env.cr.savepoint(),
        ):
            accreditation.with_user(self.recognition).action_accredit()
        accreditation.invalidate_recordset()
        self.assertEqual(accreditation.state, "under_review")

    def test_negative_cpd(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._accreditation(self.body_psy, state="requested", cpd_credits=-1)
