# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo data tells its story: four universities, five tiers, one CMF
    programme published, one programme waiting for two approvals."""

    def setUp(self):
        super().setUp()
        self.partnership = self.env.ref(
            "mc_qualification.mc_partnership_ehda_demo", raise_if_not_found=False
        )
        if not self.partnership:
            self.skipTest("demo data not installed")

    def test_story(self):
        self.assertEqual(len(self.partnership.institution_ids), 4)
        self.assertEqual(len(self.partnership.institution_ids.country_id), 4)
        programmes = self.partnership.programme_ids
        expected = {
            "EHDA-OS": ("learning_unit", "published"),
            "EHDA-RDM": ("mc_course", "draft"),
            "EHDA-DLH": ("cmf", "published"),
            "EHDA-SSC": ("mc_programme", "approval"),
            "EHDA-DH": ("micro_degree_pg", "draft"),
        }
        for programme in programmes:
            with self.subTest(code=programme.code):
                code, state = expected[programme.code]
                self.assertEqual(programme.qualification_type_id.code, code)
                self.assertEqual(programme.state, state)
                self.assertFalse(programme.type_warning)
        cmf = programmes.filtered(lambda p: p.code == "EHDA-DLH")
        self.assertTrue(cmf.checklist_ok)
        self.assertTrue(cmf.counts_towards_degree)
        self.assertEqual(cmf.approval_summary, "4 of 4 approved")
        ssc = programmes.filtered(lambda p: p.code == "EHDA-SSC")
        self.assertEqual(ssc.approval_summary, "2 of 4 approved")
        signatories = self.partnership.leading_institution_id.signatory_ids
        self.assertTrue(signatories._filtered_valid("2026-01-01").signature)


@tagged("post_install", "-at_install")
class TestDemoLanguages(TransactionCase):
    """The demo database speaks the languages its universities issue documents in,
    with the addons' translations loaded (demo/mc_demo_languages.xml)."""

    def test_document_languages_active_and_translated(self):
        partnership = self.env.ref(
            "mc_qualification.mc_partnership_ehda_demo", raise_if_not_found=False
        )
        if not partnership:
            self.skipTest("demo data not installed")
        langs = partnership.institution_ids.document_lang_ids
        self.assertGreaterEqual(
            set(langs.mapped("code")), {"nl_BE", "fr_FR", "es_ES", "it_IT"}
        )
        active = self.env["res.lang"].search([]).mapped("code")
        self.assertFalse(set(langs.mapped("code")) - set(active))
        model = self.env["ir.model"]._get("mc.award")
        names = {lang: model.with_context(lang=lang).name for lang in active}
        for lang in langs.mapped("code"):
            with self.subTest(lang=lang):
                if lang != "en_US":
                    self.assertNotEqual(names[lang], names["en_US"])
