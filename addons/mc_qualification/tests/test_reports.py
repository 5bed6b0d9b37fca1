# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import shutil
import subprocess
import tempfile
import unittest
from unittest.mock import patch

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import TransactionCase

from .test_reports_common import CERTIFICATE, SUPPLEMENT, ReportsFixtureMixin

SUPPLEMENT_SECTIONS = [
    "1",
    "2",
    "3",
    "4",
    "4.3",
    "4.4",
    "5",
    "professional",
    "6",
    "also-awarded-by",
    "mobility",
    "delivery",
    "7",
    "8",
]


@tagged("post_install", "-at_install")
class TestReports(ReportsFixtureMixin, TransactionCase):
    """Certificates and supplements rendered as HTML, in several languages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reports_fixture()
        # Two universities, joint: the two-sided certificate.
        cls.partnership_two = cls._create_partnership(cls.uni_ie | cls.uni_fr, "DUO")
        cls.programme_two = cls._create_programme(
            cls.partnership_two,
            "CLIM",
            "Climate Data Literacy",
            "Maîtrise des données climatiques",
        )
        cls._publish(cls.programme_two)
        cls.edition_two = cls._create_edition(cls.programme_two, "Spring 2026")
        cls.learners_two = cls._create_learners(3, lang="fr_FR")
        cls.enrolments_two = cls._enrol_with_results(
            cls.edition_two, cls.learners_two, ["16", "14", "14"]
        )
        cls.award_two = cls._issue(
            cls.enrolments_two[:1], "joint", cls.uni_ie | cls.uni_fr
        )
        # Three universities: a joint award and a multiple award.
        cls.partnership_three = cls._create_partnership(
            cls.uni_ie | cls.uni_fr | cls.uni_es, "TRIO"
        )
        cls.programme_three = cls._create_programme(
            cls.partnership_three,
            "CIRC",
            "Circular Economy Essentials",
            "Fondamentaux de l'économie circulaire",
            stacking=[
                {
                    "institution_id": cls.uni_ie.id,
                    "target_degree_name": "MSc Sustainable Business",
                    "ects_recognised": 5.0,
                    "credit_validity_months": 60,
                }
            ],
        )
        cls._publish(cls.programme_three)
        cls.edition_three = cls._create_edition(cls.programme_three, "Autumn 2026")
        cls.learners_three = cls._create_learners(2)
        enrolments = cls._enrol_with_results(
            cls.edition_three, cls.learners_three, ["15", "12"]
        )
        institutions = cls.uni_ie | cls.uni_fr | cls.uni_es
        cls.award_joint = cls._issue(enrolments[:1], "joint", institutions)
        cls.award_multiple = cls._issue(enrolments[1:], "multiple", institutions)

    def _render(self, report, awards, mode=None, user=None):
        env = self.env(user=user or self.officer)
        reports = env["ir.actions.report"]
        if mode:
            reports = reports.with_context(mc_document_mode=mode)
        html = reports._render_qweb_html(report, awards.ids)[0]
        return html.decode(), lxml_html.fromstring(html)

    @staticmethod
    def _text(node):
        return " ".join(node.text_content().split())

    # ------------------------------------------------------------------
    # Certificate
    # ------------------------------------------------------------------
    def test_two_university_certificate_one_side_per_language(self):
        """Two universities: one side each, in that institution's language, with
        the printed values and both signatories on both sides."""
        self.env.ref(
            "mc_qualification.report_mc_certificate_text"
        ).update_field_translations(
            "arch_db", {"fr_FR": {"Joint certificate": "Certificat conjoint"}}
        )
        _html, tree = self._render(CERTIFICATE, self.award_two, mode="institution")
        pages = tree.xpath("//div[contains(@class, 'mc-certificate')]")
        self.assertEqual(len(pages), 2, "one side per university")
        self.assertEqual(
            [page.get("data-mc-langs") for page in pages], ["en_US", "fr_FR"]
        )
        english, french = (self._text(page) for page in pages)
        self.assertIn("Joint certificate", english)
        self.assertIn("Climate Data Literacy", english)
        self.assertNotIn("Certificat conjoint", english)
        self.assertIn("Certificat conjoint", french)
        self.assertIn("Maîtrise des données climatiques", french)
        # The first side breaks the page, the last does not.
        self.assertIn("mc-break", pages[0].get("class"))
        self.assertNotIn("mc-break", pages[1].get("class"))
        numbers = self.award_two.line_ids.mapped("award_number")
        self.assertEqual(len(numbers), 2)
        # "EQF" reads "CEC" where the addon's French translation is loaded (the
        # demo data loads it; a database without demo may not have it)
        view = self.env.ref("mc_qualification.report_mc_certificate_text")
        cec = "CEC" if "CEC" in view.with_context(lang="fr_FR").arch_db else "EQF"
        for text, eqf in ((english, "EQF"), (french, cec)):
            self.assertIn(self.award_two.learner_id.name, text)
            self.assertIn(eqf, text)
            self.assertIn("6", text)
            self.assertIn("5 ECTS", text)
            for number in numbers:
                self.assertTrue(number)
                self.assertIn(number, text)
            for name in ("Orla Byrne", "Camille Durand"):
                self.assertIn(name, text)
            self.assertNotIn("Lucía Romero", text)
            self.assertIn(self.award_two.verification_url, text)
        self.assertIn("President", english)
        self.assertIn("Présidente", french)

    def test_certificate_in_learner_language(self):
        """Learner mode: every page in the learner's language (French)."""
        _html, tree = self._render(CERTIFICATE, self.award_two, mode="learner")
        pages = tree.xpath("//div[contains(@class, 'mc-certificate')]")
        self.assertEqual([p.get("data-mc-langs") for p in pages], ["fr_FR", "fr_FR"])
        for page in pages:
            self.assertIn("Maîtrise des données climatiques", self._text(page))

    def test_bilingual_certificate_side_by_side(self):
        """Bilingual: two columns on one page, institution's and learner's
        languages, each with the title in its language."""
        learner = self.award_joint.learner_id
        learner.lang = "fr_FR"
        _html, tree = self._render(CERTIFICATE, self.award_joint, mode="bilingual")
        pages = tree.xpath("//div[contains(@class, 'mc-certificate')]")
        # The leading institution's page (English, with the learner's French
        # beside it) covers the French partner's language; the Spanish
        # partner's mandatory language adds a page, again with the learner's.
        self.assertEqual(
            [page.get("data-mc-langs") for page in pages],
            ["en_US,fr_FR", "es_ES,fr_FR"],
        )
        columns = pages[0].xpath(".//div[contains(@class, 'mc-text')]")
        self.assertEqual([c.get("lang") for c in columns], ["en-US", "fr-FR"])
        self.assertIn("Circular Economy Essentials", self._text(columns[0]))
        self.assertIn("Fondamentaux de l'économie circulaire", self._text(columns[1]))
        # Signatories of all three partners, once per page.
        for page in pages:
            text = self._text(page)
            for name in self.signatory_names:
                self.assertEqual(text.count(name), 1)

    def test_multiple_award_one_certificate_per_institution(self):
        """Multiple award: one certificate per institution in its own language,
        each naming the partner certificates and signed by its own signatory."""
        _html, tree = self._render(CERTIFICATE, self.award_multiple)
        pages = tree.xpath("//div[contains(@class, 'mc-certificate')]")
        lines = self.award_multiple.line_ids
        self.assertEqual(len(pages), len(lines))
        self.assertEqual(
            [p.get("data-mc-langs") for p in pages], ["en_US", "fr_FR", "es_ES"]
        )
        for page, line, signatory in zip(
            pages, lines, self.signatory_names, strict=True
        ):
            text = self._text(page)
            self.assertIn(line.institution_id.name, text)
            self.assertIn(signatory, text)
            for other in lines - line:
                self.assertIn(other.award_number, text)
                self.assertIn(other.institution_id.name, text)
            for other_signatory in set(self.signatory_names) - {signatory}:
                self.assertNotIn(other_signatory, text)

    def test_one_article_per_award(self):
        """Every award is one document (div.article) so that Odoo renders and stores
        it with one wkhtmltopdf call."""
        awards = self.award_two | self.award_joint | self.award_multiple
        _html, tree = self._render(CERTIFICATE, awards)
        articles = tree.xpath("//div[contains(@class, 'article')]")
        self.assertEqual([int(a.get("data-oe-id")) for a in articles], awards.ids)
        self.assertFalse(tree.xpath("//div[contains(@class, 'header')]"))
        self.assertFalse(tree.xpath("//div[contains(@class, 'footer')]"))

    def test_no_javascript_delay_for_our_documents(self):
        """Odoo waits report.print_delay (1 s) for header scripts; our documents
        have no header and no script, so wkhtmltopdf starts at once."""
        reports = self.env["ir.actions.report"]
        paperformat = self.env.ref("mc_qualification.paperformat_mc_certificate")

        def delay(args):
            return args[args.index("--javascript-delay") + 1]

        self.assertEqual(
            delay(
                reports.with_context(
                    mc_document_no_js_delay=True
                )._build_wkhtmltopdf_args(paperformat, False)
            ),
            "0",
        )
        self.assertNotEqual(
            delay(reports._build_wkhtmltopdf_args(paperformat, False)), "0"
        )
        self.assertNotIn(
            "--disable-smart-shrinking",
            reports._build_wkhtmltopdf_args(paperformat, False),
            "a switch Debian's wkhtmltopdf does not support",
        )

    def test_qr_code_holds_only_the_verification_url(self):
        award = self.award_two
        self.assertTrue(award.verification_url)
        self.assertTrue(
            award._get_qr_code_data_uri().startswith("data:image/png;base64,")
        )
        if not shutil.which("zbarimg"):
            raise unittest.SkipTest("zbarimg (Debian zbar-tools) is not installed")
        with tempfile.NamedTemporaryFile(suffix=".png") as png:
            png.write(award._get_qr_code_png())
            png.flush()
            decoded = subprocess.run(
                ["zbarimg", "--quiet", "--raw", png.name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        self.assertEqual(decoded, award.verification_url)
        self.assertNotIn(award.learner_id.name, decoded)

    def test_certificate_requires_officer(self):
        """The report is bound to registry officers only."""
        report = self.env.ref(CERTIFICATE)
        self.assertEqual(
            report.groups_id,
            self.env.ref("mc_qualification.mc_qualification_group_officer"),
        )
        self.assertEqual(report.paperformat_id.orientation, "Landscape")

    # ------------------------------------------------------------------
    # Supplement
    # ------------------------------------------------------------------
    def _sections(self, supplement):
        return {
            node.get("data-mc-section"): node
            for node in supplement.xpath(".//*[@data-mc-section]")
        }

    def test_supplement_sections_joint_award(self):
        _html, tree = self._render(SUPPLEMENT, self.award_joint)
        supplements = tree.xpath("//div[contains(@class, 'mc-supplement')]")
        # One joint supplement, in the leading institution's language and in
        # each partner's mandatory language.
        self.assertEqual(
            [s.get("lang") for s in supplements], ["en-US", "fr-FR", "es-ES"]
        )
        sections = self._sections(supplements[0])
        for key in SUPPLEMENT_SECTIONS:
            self.assertIn(key, sections, f"section {key} missing")
            self.assertTrue(self._text(sections[key]), f"section {key} empty")
        text = self._text(supplements[0])
        for inst in self.uni_ie | self.uni_fr | self.uni_es:
            self.assertIn(inst.name, self._text(sections["2"]))
        self.assertIn("Blended", self._text(sections["delivery"]))
        # Stackability per partner: the Irish stacking line, none agreed elsewhere.
        stack = self._text(sections["5"])
        self.assertIn("MSc Sustainable Business, 5 ECTS recognised, within 60", stack)
        self.assertEqual(stack.count("no stacking agreed by this institution"), 2)
        self.assertIn(
            "single joint qualification", self._text(sections["also-awarded-by"])
        )
        # Section 8: one block per awarding institution's country.
        countries = supplements[0].xpath(".//*[@data-mc-section='8-country']")
        self.assertEqual(len(countries), 3)
        self.assertIn("Irish higher education system", text)
        self.assertIn("5 ECTS", text)

    def test_supplement_sections_multiple_award(self):
        """Multiple award: one supplement per institution, each stating the
        others in 'also awarded by'."""
        _html, tree = self._render(SUPPLEMENT, self.award_multiple)
        supplements = tree.xpath("//div[contains(@class, 'mc-supplement')]")
        lines = self.award_multiple.line_ids
        self.assertEqual(len(supplements), len(lines))
        self.assertEqual(
            [s.get("lang") for s in supplements], ["en-US", "fr-FR", "es-ES"]
        )
        for supplement, line in zip(supplements, lines, strict=True):
            sections = self._sections(supplement)
            for key in SUPPLEMENT_SECTIONS:
                self.assertIn(key, sections, f"section {key} missing")
                self.assertTrue(self._text(sections[key]), f"section {key} empty")
            also = self._text(sections["also-awarded-by"])
            for other in lines - line:
                self.assertIn(other.institution_id.name, also)
                self.assertIn(other.award_number, also)
            self.assertNotIn(line.award_number, also)
            self.assertEqual(
                len(supplement.xpath(".//*[@data-mc-section='8-country']")), 3
            )
        # The French supplement prints the French national system description
        # and the French learning outcomes.
        self.assertIn("Le système français", self._text(supplements[1]))
        self.assertIn("Analyser les données climatiques", self._text(supplements[1]))

    def test_grade_distribution_from_edition_results(self):
        """The table counts the passing grades of the whole edition (reference
        group), per assessing institution, best grade first."""
        tables = self.award_two._get_grade_distribution()
        self.assertEqual(
            {table["institution"] for table in tables},
            {self.uni_ie.name, self.uni_fr.name},
        )
        for table in tables:
            self.assertEqual(table["total"], 3)
            by_grade = {row["grade"]: row for row in table["rows"]}
            self.assertEqual(by_grade["14"]["count"], 2)
            self.assertEqual(by_grade["16"]["count"], 1)
            self.assertAlmostEqual(by_grade["14"]["percentage"], 66.7)
            self.assertEqual(table["rows"][-1]["cumulative"], 100.0)

    def test_professional_recognition_extension_point(self):
        """Empty in this addon (the supplement says why); an override fills it."""
        self.assertEqual(
            self.award_joint._get_supplement_professional_recognition(), []
        )
        recognition = [
            {
                "body": "Chartered Institute of Data",
                "statement": "Accredited for continuing professional development",
                "credits": 12.0,
                "valid_until": False,
            }
        ]
        with patch.object(
            type(self.env["mc.award"]),
            "_get_supplement_professional_recognition",
            return_value=recognition,
        ):
            _html, tree = self._render(SUPPLEMENT, self.award_joint)
        section = self._text(tree.xpath("//*[@data-mc-section='professional']")[0])
        self.assertIn("Chartered Institute of Data", section)
        self.assertIn("12 CPD credits", section)

    def test_attachment_name_only_for_issued_awards(self):
        award = self.award_joint
        self.assertTrue(
            award._get_report_attachment_name("certificate").startswith("certificate-")
        )
        self.assertTrue(
            award.with_context(mc_document_mode="bilingual")
            ._get_report_attachment_name("certificate")
            .endswith("-bilingual.pdf")
        )
        draft = award.new({"state": "draft"})
        self.assertFalse(draft._get_report_attachment_name("certificate"))

    # ------------------------------------------------------------------
    # Print wizard
    # ------------------------------------------------------------------
    def test_print_wizard_passes_the_language_mode(self):
        awards = (self.award_two | self.award_multiple).with_user(self.officer)
        wizard_form = Form(
            self.env["mc.award.print"]
            .with_user(self.officer)
            .with_context(active_model="mc.award", active_ids=awards.ids)
        )
        wizard_form.document = "supplement"
        wizard_form.lang_mode = "bilingual"
        wizard = wizard_form.save()
        self.assertEqual(wizard.award_ids, awards)
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "mc_qualification.report_mc_supplement")
        self.assertEqual(action["context"]["mc_document_mode"], "bilingual")
        self.assertEqual(set(action["context"]["active_ids"]), set(awards.ids))

    def test_print_wizard_refuses_draft_awards(self):
        draft = self.env["mc.award"].create(
            {"enrolment_id": self.enrolments_two[1].id, "award_mode": "joint"}
        )
        self.assertEqual(draft.state, "draft")
        wizard = (
            self.env["mc.award.print"]
            .with_user(self.officer)
            .create({"award_ids": [(6, 0, draft.ids)]})
        )
        with self.assertRaisesRegex(UserError, "Only issued awards"):
            wizard.action_print()
