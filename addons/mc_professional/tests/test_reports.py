# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
import shutil
import tempfile
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestProfessionalReports(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._accreditation(cls.body_psy, cpd_credits=10)
        cls._accreditation(cls.body_it, cpd_credits=20, issues_certificate=True)
        cls.awards = cls._issue_awards(cls.enrolments[:2], award_date=date(2026, 7, 1))
        cls.records = cls.awards.cpd_record_ids

    def _render(self, xmlid, records):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(xmlid, records.ids)[0]
            .decode()
        )

    def test_cpd_statement_per_learner_and_body(self):
        html = self._render("mc_professional.action_report_cpd_statement", self.records)
        self.assertEqual(html.count("o_mc_cpd_statement"), 4)
        self.assertIn("Ada Learner", html)
        self.assertIn("Test Association of Psychologists", html)
        self.assertIn("IT professional development hours", html)

    def test_certificate_in_the_languages_of_the_award(self):
        french = self.env["res.lang"]._activate_lang("fr_FR")
        self.uni_a.document_lang_ids = self.env.ref("base.lang_en") | french
        self.env.invalidate_all()
        record = self.records.filtered("issues_certificate")[:1]
        self.assertEqual(
            set(record.award_id.document_lang_ids.mapped("code")), {"en_US", "fr_FR"}
        )
        html = self._render(
            "mc_professional.action_report_professional_certificate", record
        )
        # One document, one page per language.
        self.assertEqual(html.count("o_mc_professional_certificate"), 2)
        self.assertEqual(html.count('class="article"'), 1)

    def test_professional_certificate_only_where_the_body_issues_one(self):
        html = self._render(
            "mc_professional.action_report_professional_certificate", self.records
        )
        self.assertEqual(html.count("o_mc_professional_certificate"), 2)
        self.assertIn("Test Society for IT Professionals", html)
        self.assertNotIn("Test Association of Psychologists", html)
        self.assertIn("data:image/png;base64,", html)
        self.assertIn(self.awards[0].verification_url, html)
        psy_only = self.records.filtered(lambda r: not r.issues_certificate)
        with self.assertRaisesRegex(UserError, "No professional certificate"):
            self._render(
                "mc_professional.action_report_professional_certificate", psy_only
            )


@tagged("post_install", "-at_install")
class TestProfessionalCertificatePdf(HttpCase, ProfessionalCase):
    """One real PDF through wkhtmltopdf, served by the test server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._accreditation(cls.body_it, cpd_credits=20, issues_certificate=True)
        cls.awards = cls._issue_awards(cls.enrolments[:1], award_date=date(2026, 7, 1))
        cls.records = cls.awards.cpd_record_ids

    def test_certificate_pdf(self):
        record = self.records.filtered("issues_certificate")[:1]
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        # Qt (inside wkhtmltopdf) warns on stderr without a runtime directory.
        runtime_dir = tempfile.mkdtemp(prefix="mc-xdg-")
        self.addCleanup(shutil.rmtree, runtime_dir, True)
        environ = patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime_dir})
        environ.start()
        self.addCleanup(environ.stop)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "mc_professional.action_report_professional_certificate", record.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
