# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from mc_credentials import elm_conformance

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import ELM_DIR, EdcFixture


@tagged("post_install", "-at_install")
class TestElmCatalogue(EdcFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_edc()
        cls.programme.state = "published"
        cls.edition.seats = 30

    def test_loq_conforms(self):
        document = self.programme._mc_elm_loq()
        conforms, text, triples = elm_conformance.shacl_report(
            document, ELM_DIR, ("loq",)
        )
        self.assertTrue(conforms, text[:2000])
        self.assertGreater(triples, 100)
        qualification, edition = document["@graph"]
        self.assertEqual(
            qualification["eqfLevel"]["id"], "http://data.europa.eu/snb/eqf/6"
        )
        self.assertEqual(len(qualification["awardingOpportunity"]), 3)
        self.assertEqual(edition["temporal"]["startDate"], "2026-02-01T00:00:00Z")
        self.assertIn("30", edition["scheduleInformation"]["noteLiteral"]["en"])

    def test_catalogue_skips_incomplete_programmes(self):
        listing, skipped = self.env["mc.programme"]._mc_elm_catalogue()
        self.assertIn(
            self.programme.id,
            [
                int(n["id"].rsplit("/", 1)[-1])
                for n in listing["@graph"]
                if n["type"] == "Qualification"
            ],
        )
        self.programme.isced_f_code = False
        with self.assertRaisesRegex(UserError, "European catalogue"):
            self.programme._mc_elm_loq()
        _listing, skipped = self.env["mc.programme"]._mc_elm_catalogue()
        self.assertIn(self.programme, skipped)

    def test_isced_code_is_validated(self):
        with self.assertRaises(ValidationError):
            self.programme.isced_f_code = "61x"

    def test_draft_programme_is_not_exported(self):
        self.programme.state = "draft"
        with self.assertRaises(UserError):
            self.programme._mc_elm_loq()
