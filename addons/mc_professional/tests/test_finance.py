# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fees, payer shares and invoices of funded places, on Odoo's own Invoicing."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ProfessionalCase
from .test_funding import create_funding


def ensure_chart(env):
    """A chart of accounts on the test company: Odoo's generic one when the
    database has none (as ``AccountTestInvoicingCommon`` loads it)."""
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )


class FinanceCase(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart(cls.env)
        cls.currency = cls.env.company.currency_id
        (cls.edition | cls.other_edition).write(
            {"fee_amount": 1000.0, "fee_currency_id": cls.currency.id}
        )
        create_funding(cls, cls.env, places=3)
        (cls.agreement | cls.ila_agreement).currency_id = cls.currency
        cls.employer = cls.env["res.partner"].create(
            {"name": "Test Hospital", "is_company": True}
        )
        # Funder 600 fixed; employer and learner share the other 400 half-half.
        cls.agreement.share_ids = [
            Command.clear(),
            Command.create({"payer": "funder", "share_type": "amount", "amount": 600}),
            Command.create(
                {"payer": "employer", "partner_id": cls.employer.id, "percent": 50}
            ),
            Command.create({"payer": "learner", "percent": 50}),
        ]
        cls.env["mc.student.identifier"].create(
            {
                "learner_id": cls.learners[0].id,
                "institution_id": cls.uni_a.id,
                "identifier": "S-0001",
            }
        )
        cls.agreement = cls.agreement.with_user(cls.finance)
        cls.ila_agreement = cls.ila_agreement.with_user(cls.finance)

    def _pay(self, invoices):
        """Register the payment through Odoo's own wizard."""
        return (
            self.env["account.payment.register"]
            .with_user(self.finance)
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({})
            ._create_payments()
        )


@tagged("post_install", "-at_install")
class TestFinanceBadInput(FinanceCase):
    def test_shares_must_add_up(self):
        shares = self.agreement.share_ids
        with self.assertRaisesRegex(ValidationError, "add up to 90.0%, not 100%"):
            with self.env.cr.savepoint():
                shares.filtered(lambda s: s.payer == "learner").percent = 40
        with self.assertRaisesRegex(ValidationError, "add up to 900.0, but the fee"):
            with self.env.cr.savepoint():
                self.agreement.share_ids = [
                    Command.clear(),
                    Command.create(
                        {"payer": "funder", "share_type": "amount", "amount": 500}
                    ),
                    Command.create(
                        {"payer": "learner", "share_type": "amount", "amount": 400}
                    ),
                ]
        with self.assertRaisesRegex(ValidationError, "but the fee per place is 1000"):
            with self.env.cr.savepoint():
                shares.filtered(lambda s: s.payer == "funder").amount = 1200
        with self.assertRaisesRegex(ValidationError, "needs the employer"):
            with self.env.cr.savepoint():
                shares.filtered(lambda s: s.payer == "employer").partner_id = False
        # Nothing half-written: the shares are as they were.
        self.assertEqual(
            sorted(
                self.agreement.share_ids.mapped(
                    lambda s: (s.payer, s.amount, s.percent)
                )
            ),
            [("employer", 0.0, 50.0), ("funder", 600.0, 0.0), ("learner", 0.0, 50.0)],
        )

    def test_negative_fee(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                self.edition.fee_amount = -10
        self.assertEqual(self.edition.fee_amount, 1000.0)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                self.agreement.share_ids[0].amount = -5

    @freeze_time("2026-03-01")
    def test_place_allocated_twice(self):
        self.agreement._allocate(self.enrolments[0])
        with self.assertRaisesRegex(ValidationError, "cannot be allocated twice"):
            with self.env.cr.savepoint():
                self.ila_agreement._allocate(self.enrolments[0], ila_voucher="V1")
        Place = self.env["mc.funded.place"].with_user(self.finance)
        with self.assertRaisesRegex(ValidationError, "listed twice"):
            with self.env.cr.savepoint():
                Place.create(
                    [
                        {"agreement_id": self.agreement.id, "enrolment_id": eid}
                        for eid in self.enrolments[1].ids * 2
                    ]
                )
        self.assertEqual(
            Place.search([("enrolment_id", "in", self.enrolments.ids)]).enrolment_id,
            self.enrolments[0],
        )

    @freeze_time("2026-03-01")
    def test_invoicing_a_withdrawn_place(self):
        places = self.agreement._allocate(self.enrolments[:2])
        self.enrolments[0].with_user(self.registry_user).action_withdraw()
        self.assertEqual(places.mapped("state"), ["released", "allocated"])
        self.assertEqual(places.mapped("payment_status"), [False, "to_invoice"])
        with self.assertRaisesRegex(UserError, "Ada Learner .* is released"):
            with self.env.cr.savepoint():
                places._create_invoices()
        self.assertFalse(self.agreement.invoice_ids)
        # The agreement invoices what is still allocated, and only that.
        invoices = self.agreement.action_create_invoices()
        self.assertEqual(invoices.invoice_line_ids.mc_funded_place_id, places[1])
        with self.assertRaisesRegex(UserError, "already invoiced"):
            places[1]._create_invoices()

    @freeze_time("2026-03-01")
    def test_currency_mismatch(self):
        other = self.env.ref("base.EUR" if self.currency.name != "EUR" else "base.USD")
        with self.assertRaisesRegex(ValidationError, "use the same currency"):
            with self.env.cr.savepoint():
                self.agreement.currency_id = other
        # A programme-wide agreement meets the edition's currency at invoicing.
        self.ila_agreement.sudo().currency_id = other
        place = self.ila_agreement._allocate(self.enrolments[2], ila_voucher="V-9")
        with self.assertRaisesRegex(ValidationError, "use the same currency"):
            with self.env.cr.savepoint():
                self.ila_agreement.action_create_invoices()
        self.assertFalse(place.sudo().invoice_line_ids)
        self.assertFalse(
            self.env["account.move"].search(
                [("mc_funding_agreement_id", "=", self.ila_agreement.id)]
            )
        )

    @freeze_time("2026-03-01")
    def test_no_fee_no_invoice(self):
        self.other_edition.fee_amount = 0
        agreement = self.env["mc.funding.agreement"].create(
            {
                "name": "SSE-1",
                "funder_id": self.fund.id,
                "edition_id": self.other_edition.id,
                "places": 1,
                "amount_per_place": 0,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        agreement.action_activate()
        agreement._allocate(self.other_enrolment)
        with self.assertRaisesRegex(ValidationError, "has no fee per place"):
            agreement.action_create_invoices()


@tagged("post_install", "-at_install")
class TestFinanceCycle(FinanceCase):
    def test_full_cycle(self):
        """Allocate, invoice (one invoice per payer), post, pay with Odoo's
        payment wizard, withdraw before the cut-off, credit note."""
        self.agreement.sudo().cutoff_date = date(2026, 4, 30)
        with freeze_time("2026-03-01"):
            places = self.agreement._allocate(self.enrolments[:2])
        with freeze_time("2026-04-02"):
            late = self.agreement._allocate(self.enrolments[2])
            invoices = self.agreement.action_create_invoices(date_to=date(2026, 3, 31))
        # Funder, employer, and each learner: 4 invoices, one line per place.
        self.assertEqual(len(invoices), 4)
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertEqual(invoices.invoice_line_ids.mc_funded_place_id, places)
        self.assertFalse(late.is_invoiced)
        by_partner = {inv.partner_id: inv for inv in invoices}
        funder_invoice = by_partner[self.fund.partner_id]
        self.assertEqual(funder_invoice.amount_untaxed, 1200.0)
        self.assertEqual(by_partner[self.employer].amount_untaxed, 400.0)
        self.assertEqual(by_partner[self.learners[0]].amount_untaxed, 200.0)
        ada_line = funder_invoice.invoice_line_ids.filtered(
            lambda line: line.mc_funded_place_id == places[0]
        )
        self.assertIn("S-0001", ada_line.name)
        self.assertIn("EBC spring 2026", ada_line.name)
        for word in ("grade", "passed", "result"):
            self.assertNotIn(word, ada_line.name.lower())
        self.assertEqual(
            places[0].invoice_line_ids.move_id, invoices - by_partner[self.learners[1]]
        )
        self.assertEqual(set(places.mapped("payment_status")), {"invoiced"})
        # Nothing invoiced twice.
        with freeze_time("2026-03-15"):
            self.assertFalse(self.agreement.action_create_invoices())
        # Finance posts and the payers pay, through Odoo's own wizard.
        with freeze_time("2026-03-20"):
            invoices.with_user(self.finance).action_post()
            self._pay(funder_invoice)
        self.assertEqual(funder_invoice.payment_state, "paid")
        self.assertEqual(set(places.mapped("payment_status")), {"partial"})
        with freeze_time("2026-03-25"):
            self._pay(invoices - funder_invoice)
        self.assertEqual(set(places.mapped("payment_status")), {"paid"})
        self.assertRecordValues(
            self.agreement,
            [
                {
                    "places_used": 3,
                    "places_invoiced": 2,
                    "amount_invoiced": 2000.0,
                    "amount_paid": 2000.0,
                    "invoice_count": 4,
                }
            ],
        )
        # Registry officers see that the place is paid, not the invoices.
        registry_place = places[0].with_user(self.registry_user)
        self.assertEqual(registry_place.payment_status, "paid")
        with self.assertRaises(AccessError):
            registry_place.read(["invoice_line_ids"])
        # Ada withdraws before the cut-off: her place is credited to each payer.
        with freeze_time("2026-04-10"):
            self.enrolments[0].with_user(self.registry_user).action_withdraw()
        refunds = self.agreement.invoice_ids.filtered(
            lambda m: m.move_type == "out_refund"
        )
        self.assertEqual(len(refunds), 3)
        self.assertEqual(refunds.invoice_line_ids.mc_funded_place_id, places[0])
        self.assertEqual(sum(refunds.mapped("amount_untaxed")), 1000.0)
        self.assertEqual(
            refunds.reversed_entry_id,
            invoices - by_partner[self.learners[1]],
        )
        self.assertEqual(places[0].payment_status, "credited")
        self.assertEqual(places[1].payment_status, "paid")
        refunds.with_user(self.finance).action_post()
        self.assertEqual(self.agreement.amount_invoiced, 1000.0)
        self.assertFalse(self.enrolments[0].is_funded)

    @freeze_time("2026-03-01")
    def test_release_of_a_draft_invoice_line(self):
        places = self.agreement._allocate(self.enrolments[:2])
        invoices = self.agreement.action_create_invoices()
        self.assertEqual(len(invoices.invoice_line_ids), 6)
        refunds = places[0].action_release()
        self.assertFalse(refunds)
        self.assertEqual(
            invoices.exists().invoice_line_ids.mc_funded_place_id, places[1]
        )
        # Ada's own (learner) invoice had only her line: it is gone.
        self.assertEqual(len(invoices.exists()), 3)
        with self.assertRaisesRegex(UserError, "already released"):
            places[0].action_release()

    def test_release_after_the_cutoff_keeps_the_invoice(self):
        self.agreement.sudo().cutoff_date = date(2026, 3, 10)
        with freeze_time("2026-03-01"):
            place = self.agreement._allocate(self.enrolments[0])
            invoices = self.agreement.action_create_invoices()
            invoices.action_post()
        with freeze_time("2026-03-20"):
            self.assertFalse(place.action_release())
        self.assertEqual(place.state, "released")
        self.assertEqual(place.payment_status, "invoiced")
        self.assertEqual(self.agreement.amount_invoiced, 1000.0)

    def test_foreign_currency_agreement(self):
        """An agreement in another currency than the company's: invoiced and paid
        amounts stay in the agreement's currency."""
        other = self.env.ref("base.EUR" if self.currency.name != "EUR" else "base.USD")
        other.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "name": "2026-01-01", "rate": 0.5}
        )
        self.other_edition.fee_currency_id = other
        agreement = self.env["mc.funding.agreement"].create(
            {
                "name": "SSE-FX",
                "funder_id": self.fund.id,
                "edition_id": self.other_edition.id,
                "currency_id": other.id,
                "places": 1,
                "amount_per_place": 1000.0,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        agreement.action_activate()
        with freeze_time("2026-03-01"):
            agreement._allocate(self.other_enrolment)
            invoices = agreement.with_user(self.finance).action_create_invoices()
            invoices.with_user(self.finance).action_post()
            self._pay(invoices)
        self.assertEqual(invoices.currency_id, other)
        self.assertEqual(invoices.amount_total, 1000.0)
        self.assertEqual(invoices.amount_total_signed, 2000.0)
        self.assertRecordValues(
            agreement, [{"amount_invoiced": 1000.0, "amount_paid": 1000.0}]
        )

    @freeze_time("2026-03-01")
    def test_invoicing_queries_grow_gently(self):
        """Invoicing is batched: more places cost a few queries each (Odoo's own
        per-line work), not a search per place."""

        def queries_for(enrolments):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.env.cr.savepoint(flush=False) as savepoint:
                self.agreement._allocate(enrolments)
                self.env.flush_all()
                start = self.env.cr.sql_log_count
                self.agreement.action_create_invoices()
                self.env.flush_all()
                used = self.env.cr.sql_log_count - start
                savepoint.rollback()
            self.assertGreater(start, before)
            return used

        one = queries_for(self.enrolments[:1])
        three = queries_for(self.enrolments)
        # Two more places (each on 3 payers' invoices, the learners' being new
        # invoices) may not cost more than 60 queries each.
        self.assertLess(three - one, 2 * 60, f"{one} then {three} queries")
