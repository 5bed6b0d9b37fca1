# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import date

from freezegun import freeze_time
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL, mute_logger

from .common import ProfessionalCase, setup_fixture


def create_funding(test, env, places=2):
    Funder = env["mc.funder"]
    test.fund, test.ila = Funder.create(
        [
            {
                "partner_id": env["res.partner"]
                .create({"name": "Test Health Sector Fund", "is_company": True})
                .id,
                "funder_type": "sector_fund",
            },
            {
                "partner_id": env["res.partner"]
                .create({"name": "Test Learning Accounts Agency", "is_company": True})
                .id,
                "funder_type": "ila_provider",
            },
        ]
    )
    test.agreement, test.ila_agreement = env["mc.funding.agreement"].create(
        [
            {
                "name": "HSF-2026-01",
                "funder_id": test.fund.id,
                "edition_id": test.edition.id,
                "places": places,
                "amount_per_place": 1200.0,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            },
            {
                "name": "ILA-2026",
                "funder_id": test.ila.id,
                "programme_id": test.programme.id,
                "places": 10,
                "amount_per_place": 500.0,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            },
        ]
    )
    (test.agreement | test.ila_agreement).action_activate()


@tagged("post_install", "-at_install")
class TestFunding(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_funding(cls, cls.env)
        cls.env = cls.env(user=cls.finance)
        cls.agreement = cls.agreement.with_user(cls.finance)
        cls.ila_agreement = cls.ila_agreement.with_user(cls.finance)

    @freeze_time("2026-03-01")
    def test_places_and_amounts(self):
        self.assertEqual(self.agreement.programme_id, self.programme)
        self.agreement._allocate(self.enrolments[0])
        self.ila_agreement._allocate(self.enrolments[1], ila_voucher="ILA-77")
        self.ila_agreement._allocate(self.enrolments[2], ila_voucher="ILA-78")
        self.assertRecordValues(
            self.agreement | self.ila_agreement,
            [
                {
                    "places_used": 1,
                    "places_remaining": 1,
                    "amount_total": 2400.0,
                    "amount_used": 1200.0,
                    "amount_remaining": 1200.0,
                },
                {
                    "places_used": 2,
                    "places_remaining": 8,
                    "amount_total": 5000.0,
                    "amount_used": 1000.0,
                    "amount_remaining": 4000.0,
                },
            ],
        )
        self.assertTrue(self.enrolments[0].is_funded)
        self.assertFalse(self.other_enrolment.is_funded)

    @freeze_time("2026-03-01")
    def test_finance_totals_by_funder(self):
        self.agreement._allocate(self.enrolments[:2])
        self.ila_agreement._allocate(self.enrolments[2], ila_voucher="ILA-9")
        Agreement = self.env["mc.funding.agreement"]
        committed = {
            funder.name: (total, used)
            for funder, total, used in Agreement._read_group(
                [("id", "in", (self.agreement | self.ila_agreement).ids)],
                ["funder_id"],
                ["amount_total:sum", "amount_used:sum"],
            )
        }
        self.assertEqual(
            committed,
            {
                "Test Health Sector Fund": (2400.0, 2400.0),
                "Test Learning Accounts Agency": (5000.0, 500.0),
            },
        )
        by_edition = self.env["mc.funded.place"]._read_group(
            [("funder_id", "in", (self.fund | self.ila).ids)],
            ["edition_id", "funder_type"],
            ["amount:sum", "__count"],
        )
        self.assertEqual(
            sorted((e.name, t, a, c) for e, t, a, c in by_edition),
            [
                ("EBC spring 2026", "ila_provider", 500.0, 1),
                ("EBC spring 2026", "sector_fund", 2400.0, 2),
            ],
        )

    @freeze_time("2026-03-01")
    def test_no_place_beyond_the_agreement(self):
        self.agreement._allocate(self.enrolments[:2])
        Place = self.env["mc.funded.place"]
        with (
            self.assertRaisesRegex(ValidationError, "has no funded place left"),
            self.env.cr.savepoint(),
        ):
            self.agreement._allocate(self.enrolments[2])
        self.assertEqual(
            Place.search_count([("agreement_id", "=", self.agreement.id)]), 2
        )
        self.assertEqual(self.agreement.places_used, 2)
        # Lowering the number of places under what is used is refused too.
        with self.assertRaisesRegex(ValidationError, "already funds 2 places"):
            self.agreement.places = 1

    @freeze_time("2026-03-01")
    def test_a_batch_beyond_the_agreement_saves_nothing(self):
        with (
            self.assertRaisesRegex(ValidationError, "has no funded place left"),
            self.env.cr.savepoint(),
        ):
            self.agreement._allocate(self.enrolments)
        self.assertFalse(self.agreement.funded_place_ids)

    def test_allocation_outside_the_period(self):
        with (
            self.assertRaisesRegex(ValidationError, "outside the period"),
            self.env.cr.savepoint(),
        ):
            self.agreement._allocate(self.enrolments[0], date=date(2027, 1, 5))
        self.assertFalse(self.agreement.funded_place_ids)

    @freeze_time("2026-03-01")
    def test_allocation_checks(self):
        with self.assertRaisesRegex(ValidationError, "funds edition EBC spring 2026"):
            with self.env.cr.savepoint():
                self.agreement._allocate(self.other_enrolment)
        with self.assertRaisesRegex(ValidationError, "ILA voucher"):
            with self.env.cr.savepoint():
                self.ila_agreement._allocate(self.enrolments[0])
        self.agreement.sudo().state = "closed"
        with self.assertRaisesRegex(ValidationError, "is not active"):
            with self.env.cr.savepoint():
                self.agreement._allocate(self.enrolments[0])
        self.assertFalse((self.agreement | self.ila_agreement).funded_place_ids)

    def test_agreement_bad_input(self):
        Agreement = self.env["mc.funding.agreement"]
        vals = {
            "name": "BAD",
            "funder_id": self.fund.id,
            "programme_id": self.programme.id,
            "places": 3,
            "amount_per_place": 100,
            "date_from": date(2026, 6, 1),
            "date_to": date(2026, 5, 1),
        }
        with self.assertRaisesRegex(ValidationError, "End .* cannot be before Start"):
            with self.env.cr.savepoint():
                Agreement.create(vals)
        with self.assertRaisesRegex(ValidationError, "must be at least 1"):
            with self.env.cr.savepoint():
                Agreement.create(dict(vals, date_to=date(2026, 9, 1), places=0))
        with self.assertRaisesRegex(ValidationError, "not an edition of"):
            with self.env.cr.savepoint():
                Agreement.create(
                    dict(
                        vals,
                        date_to=date(2026, 9, 1),
                        edition_id=self.other_edition.id,
                        programme_id=self.programme.id,
                    )
                )
        self.assertFalse(Agreement.search([("name", "=", "BAD")]))


@tagged("post_install", "-at_install")
class TestConcurrentAllocation(TransactionCase):
    """Two finance officers allocate the last place at the same moment, each in
    their own transaction: exactly one gets it."""

    def setUp(self):
        super().setUp()
        # Committed data, visible to the two officers' own cursors.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            setup_fixture(self, env)
            create_funding(self, env, places=1)
            self.ids = {
                "agreement": self.agreement.id,
                "enrolments": self.enrolments.ids,
            }
            self.created = [
                ("mc.funding.agreement", (self.agreement | self.ila_agreement).ids),
                ("mc.funder", (self.fund | self.ila).ids),
                ("mc.result", (self.enrolments | self.other_enrolment).result_ids.ids),
                ("mc.enrolment", (self.enrolments | self.other_enrolment).ids),
                ("mc.edition", (self.edition | self.other_edition).ids),
                ("mc.professional.body", (self.body_psy | self.body_it).ids),
                ("mc.programme", (self.programme | self.other_programme).ids),
                ("mc.partnership", self.partnership.ids),
                ("mc.signatory", (self.uni_a | self.uni_b).signatory_ids.ids),
                (
                    "res.partner",
                    (
                        self.uni_a
                        | self.uni_b
                        | self.learners
                        | (self.uni_a | self.uni_b).signatory_ids.person_id
                        | self.body_psy.partner_id
                        | self.body_it.partner_id
                        | self.fund.partner_id
                        | self.ila.partner_id
                    ).ids,
                ),
            ]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mc.funded.place"].search(
                [("agreement_id", "=", self.ids["agreement"])]
            ).unlink()
            for model, ids in self.created:
                records = env[model].browse(ids)
                if model == "mc.programme":
                    # Published programmes cannot be deleted: back to draft first.
                    cr.execute(
                        SQL(
                            "UPDATE mc_programme SET state = 'draft' WHERE id IN %s",
                            tuple(ids),
                        )
                    )
                    records.invalidate_recordset(["state"])
                records.unlink()

    def _allocate(self, cr, enrolment_id):
        # Bind the cursor to the registry up front: Environment() would otherwise
        # look the registry up under the lock the test runner holds.
        cr.transaction = cr.transaction or api.Transaction(self.registry)
        env = api.Environment(cr, SUPERUSER_ID, {})
        agreement = env["mc.funding.agreement"].browse(self.ids["agreement"])
        return agreement._allocate(
            env["mc.enrolment"].browse(enrolment_id), date=date(2026, 3, 1)
        )

    @mute_logger("odoo.sql_db")
    def test_two_officers_allocate_the_last_place(self):
        first, second = self.ids["enrolments"][:2]
        outcome = {}

        def second_officer():
            with self.registry.cursor() as cr:
                try:
                    self._allocate(cr, second)
                    # Two real transactions are the point of this test.
                    cr.commit()  # pylint: disable=invalid-commit
                    outcome["second"] = "allocated"
                except (UserError, SerializationFailure) as error:
                    cr.rollback()
                    outcome["second"] = error

        with self.registry.cursor() as cr_first:
            # The first officer allocates and holds the agreement's lock...
            self._allocate(cr_first, first)
            thread = threading.Thread(target=second_officer)
            thread.start()
            # ...so the second officer is refused at once, with a clear message...
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive(), "the second officer was kept waiting")
            self.assertIsInstance(outcome["second"], UserError)
            self.assertIn("Another user is allocating", str(outcome["second"]))
            cr_first.commit()  # pylint: disable=invalid-commit
        # ...and trying again once the first committed, sees the place taken.
        with self.registry.cursor() as cr:
            with self.assertRaises(ValidationError):
                self._allocate(cr, second)
            cr.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            agreement = env["mc.funding.agreement"].browse(self.ids["agreement"])
            self.assertEqual(agreement.places_used, 1)
            self.assertEqual(agreement.funded_place_ids.enrolment_id.id, first)
