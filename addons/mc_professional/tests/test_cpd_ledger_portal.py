# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestCpdLedgerPortal(HttpCase, ProfessionalCase):
    """A learner sees their own CPD ledger in the portal, and only theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._accreditation(cls.body_psy, cpd_credits=10)
        cls._issue_awards(cls.enrolments[:2])
        cls.ada, cls.ben = cls.learners[:2]
        cls.ada_user = new_test_user(
            cls.env,
            login="mcp_ada",
            groups="base.group_portal",
            partner_id=cls.ada.id,
        )

    def test_own_ledger_only(self):
        records = self.env["mc.cpd.record"].search([("learner_id", "=", self.ada.id)])
        self.assertEqual(len(records), 1)
        self.authenticate("mcp_ada", "mcp_ada")
        response = self.url_open("/my/cpd")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Evidence-based Counselling", response.text)
        self.assertIn(self.body_psy.name, response.text)
        self.assertIn("o_mc_cpd_totals", response.text)
        # Ada's own 10 points, not the 20 of Ada and Ben together.
        self.assertIn("10.0", response.text)
        self.assertNotIn("20.0", response.text)
        home = self.url_open("/my")
        self.assertIn("/my/cpd", home.text)

    def test_no_records(self):
        new_test_user(self.env, login="mcp_nobody", groups="base.group_portal")
        self.authenticate("mcp_nobody", "mcp_nobody")
        response = self.url_open("/my/cpd")
        self.assertEqual(response.status_code, 200)
        self.assertIn("No CPD credits recorded yet", response.text)
