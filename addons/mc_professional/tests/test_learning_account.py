# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Individual learning accounts: entitlement, consumption, refusals, and the
public list of eligible programmes."""

import csv
import io
import json
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .test_finance import FinanceCase


def create_scheme(test, env, amount=1500.0):
    test.scheme = env["mc.ila.scheme"].create(
        {
            "name": "Test learning account",
            "code": "TLA-26",
            "funder_id": test.ila.id,
            "currency_id": env.company.currency_id.id,
            "programme_ids": [Command.set(test.programme.ids)],
        }
    )
    test.account = env["mc.learning.account"].create(
        {
            "name": "TLA-0001",
            "learner_id": test.learners[0].id,
            "scheme_id": test.scheme.id,
            "amount": amount,
            "date_from": date(2026, 1, 1),
            "date_to": date(2026, 12, 31),
        }
    )


@tagged("post_install", "-at_install")
class TestLearningAccount(FinanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_scheme(cls, cls.env)
        cls.account = cls.account.with_user(cls.finance)

    @freeze_time("2026-03-01")
    def test_learner_share_paid_from_the_account(self):
        place = self.agreement._allocate(self.enrolments[0])
        place.learning_account_id = self.account
        # The learner's share (200 of the 1,000 fee) comes out of the account...
        self.assertEqual(place.ila_amount, 200.0)
        self.assertEqual(self.account.balance, 1300.0)
        self.assertEqual(place.ila_voucher, "TLA-0001")
        # ...and is invoiced to the scheme's provider, not to the learner.
        invoices = self.agreement.action_create_invoices()
        self.assertEqual(
            invoices.partner_id,
            self.fund.partner_id | self.employer | self.ila.partner_id,
        )
        # A released place gives its amount back.
        place.action_release()
        self.assertEqual(self.account.balance, 1500.0)

    @freeze_time("2026-03-01")
    def test_ila_provider_agreement_takes_the_whole_fee(self):
        Place = self.env["mc.funded.place"].with_user(self.finance)
        with self.assertRaisesRegex(ValidationError, "ILA voucher"):
            with self.env.cr.savepoint():
                Place.create(
                    {
                        "agreement_id": self.ila_agreement.id,
                        "enrolment_id": self.enrolments[1].id,
                    }
                )
        place = Place.create(
            {
                "agreement_id": self.ila_agreement.id,
                "enrolment_id": self.enrolments[0].id,
                "learning_account_id": self.account.id,
            }
        )
        self.assertEqual(place.ila_voucher, "TLA-0001")
        self.assertEqual(self.account.balance, 500.0)

    @freeze_time("2026-03-01")
    def test_refusals_say_why(self):
        Place = self.env["mc.funded.place"].with_user(self.finance)
        vals = {
            "agreement_id": self.ila_agreement.id,
            "enrolment_id": self.enrolments[0].id,
            "learning_account_id": self.account.id,
        }
        # Balance: 1,000 needed, 800 entitled.
        self.account.sudo().amount = 800
        with self.assertRaisesRegex(ValidationError, "200.00 short"):
            with self.env.cr.savepoint():
                Place.create(vals)
        self.account.sudo().amount = 1500
        # Validity.
        self.account.sudo().date_to = date(2026, 2, 28)
        with self.assertRaisesRegex(
            ValidationError, "valid from 2026-01-01 to 2026-02-28"
        ):
            with self.env.cr.savepoint():
                Place.create(vals)
        self.account.sudo().date_to = date(2026, 12, 31)
        # Scheme eligibility.
        self.scheme.sudo().programme_ids = self.other_programme
        with self.assertRaisesRegex(ValidationError, "is not eligible for scheme"):
            with self.env.cr.savepoint():
                Place.create(vals)
        self.scheme.sudo().programme_ids = self.programme
        # Someone else's account.
        with self.assertRaisesRegex(ValidationError, "belongs to Ada Learner"):
            with self.env.cr.savepoint():
                Place.create(dict(vals, enrolment_id=self.enrolments[1].id))
        # Nothing half-written.
        self.assertFalse(self.account.place_ids)
        self.assertEqual(self.account.balance, 1500.0)
        self.assertTrue(Place.create(vals))

    def test_account_bad_input(self):
        Account = self.env["mc.learning.account"].with_user(self.finance)
        vals = {
            "name": "BAD",
            "learner_id": self.learners[1].id,
            "scheme_id": self.scheme.id,
            "amount": -1,
            "date_from": date(2026, 1, 1),
            "date_to": date(2026, 12, 31),
        }
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                Account.create(vals)
        with self.assertRaisesRegex(ValidationError, "cannot be before"):
            with self.env.cr.savepoint():
                Account.create(dict(vals, amount=10, date_to=date(2025, 1, 1)))
        with self.assertRaisesRegex(ValidationError, "may only hold letters"):
            with self.env.cr.savepoint():
                self.scheme.code = "bad code;"


@tagged("post_install", "-at_install")
class TestIlaPublicList(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from .common import setup_fixture
        from .test_funding import create_funding

        setup_fixture(cls, cls.env)
        create_funding(cls, cls.env)
        create_scheme(cls, cls.env)
        cls.scheme.programme_ids |= cls.other_programme

    def test_json_and_csv(self):
        response = self.url_open("/mc/ila/TLA-26/programmes.json")
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.text)
        self.assertEqual(data["scheme"], "TLA-26")
        self.assertEqual([p["code"] for p in data["programmes"]], ["PT-EBC", "PT-SSE"])
        self.assertEqual(
            set(data["programmes"][0]),
            {"code", "title", "eqf_level", "ects", "hours", "partnership"},
        )
        self.assertEqual(data["programmes"][0]["ects"], 5.0)
        response = self.url_open("/mc/ila/TLA-26/programmes.csv")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/csv", response.headers["Content-Type"])
        rows = list(csv.DictReader(io.StringIO(response.text)))
        self.assertEqual(rows[1]["title"], "Secure Software Engineering")
        # A draft programme is not published.
        self.other_programme.sudo().write({"state": "draft"})
        data = json.loads(self.url_open("/mc/ila/TLA-26/programmes.json").text)
        self.assertEqual([p["code"] for p in data["programmes"]], ["PT-EBC"])

    def test_unknown_or_malformed_scheme(self):
        for path in ("/mc/ila/NOPE/programmes.json", "/mc/ila/a'b/programmes.csv"):
            self.assertEqual(self.url_open(path).status_code, 404, path)
