# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import shutil
import subprocess
import tempfile
import unittest
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .test_reports_common import CERTIFICATE, ReportsFixtureMixin


@tagged("post_install", "-at_install")
class TestReportsPdf(ReportsFixtureMixin, HttpCase):
    """One real PDF through Debian's wkhtmltopdf: the QR code read back from the
    printed page is exactly the verification URL, and the stored PDF is reused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reports_fixture()
        partnership = cls._create_partnership(cls.uni_ie | cls.uni_fr, "PDF")
        programme = cls._create_programme(
            partnership, "PDFP", "Climate Data Literacy", "Maîtrise des données"
        )
        cls._publish(programme)
        edition = cls._create_edition(programme, "Spring 2026")
        learners = cls._create_learners(1, lang="fr_FR")
        enrolments = cls._enrol_with_results(edition, learners, ["16"])
        cls.award = cls._issue(enrolments, "joint", cls.uni_ie | cls.uni_fr)

    def _decode_qr(self, pdf, page):
        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/certificate.pdf"
            with open(path, "wb") as handle:
                handle.write(pdf)
            subprocess.run(
                ["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page)]
                + [path, f"{tmp}/page"],
                check=True,
                capture_output=True,
            )
            image = next(
                f"{tmp}/{name}"
                for name in sorted(__import__("os").listdir(tmp))
                if name.endswith(".png")
            )
            result = subprocess.run(
                ["zbarimg", "--quiet", "--raw", image],
                capture_output=True,
                text=True,
                check=False,
            )
        return result.stdout.strip()

    def test_certificate_pdf_qr_code_and_stored_attachment(self):
        if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
            raise unittest.SkipTest("pdftoppm and zbarimg are needed (poppler, zbar)")
        reports = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(force_report_rendering=True)
        )
        pdf, report_type = reports._render_qweb_pdf(CERTIFICATE, self.award.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # The two-university certificate: one side per institution.
        self.assertEqual(PdfFileReader(io.BytesIO(pdf)).getNumPages(), 2)
        for page in (1, 2):
            self.assertEqual(self._decode_qr(pdf, page), self.award.verification_url)
        # Stored on the award, and read back instead of rendered again.
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "mc.award"), ("res_id", "=", self.award.id)]
        )
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.raw, pdf)
        self.assertTrue(attachment.name.startswith("certificate-"))
        with patch.object(
            type(self.env["ir.actions.report"]),
            "_run_wkhtmltopdf",
            side_effect=AssertionError("the stored PDF must be reused"),
        ) as run:
            again, _report_type = reports._render_qweb_pdf(CERTIFICATE, self.award.ids)
        run.assert_not_called()
        self.assertEqual(again, pdf)
