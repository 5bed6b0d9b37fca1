# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestExpiryReminder(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref(
            "mc_professional.mail_activity_type_accreditation_renewal"
        )
        # Ends in 50 days (inside the 60-day window), in 90 days (outside it),
        # and yesterday (must expire).
        cls.soon = cls._accreditation(
            cls.body_psy, date_to=date(2026, 7, 20), user_id=cls.recognition.id
        )
        cls.later = cls._accreditation(cls.body_it, date_to=date(2026, 8, 29))
        cls.ended = cls._accreditation(
            cls.body_it, programme=cls.other_programme, date_to=date(2026, 5, 30)
        )

    def _renewal_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "mc.accreditation"),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    @freeze_time("2026-05-31")
    def test_reminder_once_and_expiry(self):
        self.Accreditation._cron_check_expiry()
        activities = self._renewal_activities()
        self.assertRecordValues(
            activities,
            [
                {
                    "res_id": self.soon.id,
                    "user_id": self.recognition.id,
                    "date_deadline": date(2026, 7, 20),
                }
            ],
        )
        self.assertEqual(self.ended.state, "expired")
        self.assertEqual(self.soon.state, "accredited")
        # Idempotent: the next day's run adds nothing, even once the activity
        # is done.
        with freeze_time("2026-06-01"):
            self.Accreditation._cron_check_expiry()
            self.assertEqual(self._renewal_activities(), activities)
            activities.action_done()
            self.Accreditation._cron_check_expiry()
            self.assertFalse(self._renewal_activities())

    @freeze_time("2026-05-31")
    def test_reminder_window_per_body(self):
        self.body_it.expiry_reminder_days = 120
        self.Accreditation._cron_check_expiry()
        self.assertEqual(
            set(self._renewal_activities().mapped("res_id")),
            {self.soon.id, self.later.id},
        )

    @freeze_time("2026-05-31")
    def test_renewed_accreditation_gets_a_new_reminder(self):
        self.Accreditation._cron_check_expiry()
        self._renewal_activities().action_done()
        self.soon.date_to = date(2026, 7, 25)
        self.Accreditation._cron_check_expiry()
        self.assertEqual(self._renewal_activities().res_id, self.soon.id)

    def test_cron_is_daily(self):
        cron = self.env.ref("mc_professional.ir_cron_accreditation_expiry")
        self.assertRecordValues(
            cron, [{"interval_number": 1, "interval_type": "days", "active": True}]
        )
