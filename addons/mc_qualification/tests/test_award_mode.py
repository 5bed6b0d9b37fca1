# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The award mode of a programme (joint, one award per institution, joint with
separate awards), the crosswalk printed on every document, and the languages
of a joint award of three partners."""

from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .test_reports_common import CERTIFICATE, SUPPLEMENT, ReportsFixtureMixin

LOCAL = {
    "ie": ("Postgraduate Certificate", "Minor award", "NFQ level 9"),
    "fr": ("Diplôme d'université", "DU", "niveau 7"),
    "es": ("Título propio de experto", "Título propio", "MECES 3"),
}
REASON = "Its statutes do not allow joint awards."


@tagged("post_install", "-at_install")
class TestAwardMode(ReportsFixtureMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_reports_fixture()
        cls.institutions = cls.uni_ie | cls.uni_fr | cls.uni_es
        cls.partnership = cls._create_partnership(cls.institutions, "MODE")

    @classmethod
    def _programme(cls, code, mode, separate=None, publish=True):
        """A published programme of the three partners with their crosswalk;
        ``separate``: the institution that cannot co-sign (joint with fallback)."""
        programme = cls._create_programme(
            cls.partnership, code, f"{code} Data Stewardship", f"{code} Gestion"
        )
        programme.award_mode = mode
        programme.alignment_ids = [
            Command.create(
                {
                    "institution_id": institution.id,
                    "local_name": LOCAL[key][0],
                    "local_type": LOCAL[key][1],
                    "nqf_level": LOCAL[key][2],
                    "separate_award": institution == separate,
                    "separate_reason": REASON if institution == separate else False,
                }
            )
            for key, institution in zip(
                ("ie", "fr", "es"), cls.institutions, strict=True
            )
        ]
        if publish:
            cls._publish(programme)
        return programme

    def _award(self, programme, count=1):
        edition = self._create_edition(programme, f"{programme.code} 2026")
        learners = self._create_learners(count)
        enrolments = self._enrol_with_results(edition, learners, ["15"] * count)
        return self.env["mc.award"]._issue_enrolments(enrolments)

    def _render(self, report, award, mode=None):
        reports = self.env(user=self.officer)["ir.actions.report"]
        if mode:
            reports = reports.with_context(mc_document_mode=mode)
        html = reports._render_qweb_html(report, award.ids)[0]
        return lxml_html.fromstring(html)

    @staticmethod
    def _text(node):
        return " ".join(node.text_content().split())

    def _pages(self, award, mode=None):
        tree = self._render(CERTIFICATE, award, mode)
        return tree.xpath("//div[contains(@class, 'mc-certificate')]")

    def _supplements(self, award, mode=None):
        tree = self._render(SUPPLEMENT, award, mode)
        return tree.xpath("//div[contains(@class, 'mc-supplement')]")

    @staticmethod
    def _section(supplement, key):
        return supplement.xpath(f".//*[@data-mc-section='{key}']")[0]

    # ------------------------------------------------------------ the setting
    def test_default_keeps_the_behaviour_of_the_ownership_model(self):
        programme = self._create_programme(self.partnership, "DEFJ", "A", "A")
        self.assertEqual(programme.award_mode, "joint")
        network = self._create_partnership(
            self.uni_ie | self.uni_fr, "NETW", ownership="network"
        )
        programme = self._create_programme(network, "DEFN", "B", "B")
        self.assertEqual(programme.award_mode, "multiple")

    def test_the_programme_decides_joint_or_multiple(self):
        joint = self._award(self._programme("JNT", "joint"))
        self.assertEqual(joint.award_mode, "joint")
        self.assertEqual(joint.line_ids.institution_id, self.institutions)
        self.assertFalse(any(joint.line_ids.mapped("separate_award")))
        multiple = self._award(self._programme("MUL", "multiple"))
        self.assertEqual(multiple.award_mode, "multiple")
        self.assertEqual(len(multiple.line_ids), 3)
        self.assertEqual(len(self._pages(multiple)), 3)

    def test_joint_fallback_separate_award_with_reason(self):
        programme = self._programme("FBK", "joint_fallback", separate=self.uni_es)
        award = self._award(programme)
        self.assertEqual(award.award_mode, "joint_fallback")
        spanish = award.line_ids.filtered("separate_award")
        self.assertEqual(spanish.institution_id, self.uni_es)
        self.assertEqual(spanish.separate_reason, REASON)
        self.assertEqual(award._mc_joint_institutions(), self.uni_ie | self.uni_fr)
        # Certificate: the joint one of the two co-signers (one side each), then
        # the Spanish university's own certificate naming the joint one.
        pages = self._pages(award)
        self.assertEqual(
            [p.get("data-mc-langs") for p in pages], ["en_US", "fr_FR", "es_ES"]
        )
        self.assertIn("mc-variant-joint_two_sided", pages[0].get("class"))
        self.assertIn("mc-variant-separate", pages[2].get("class"))
        joint_text, own_text = self._text(pages[0]), self._text(pages[2])
        self.assertNotIn("Lucía Romero", joint_text, "the Spanish rector signs apart")
        self.assertIn("Lucía Romero", own_text)
        for number in (award.line_ids - spanish).mapped("award_number"):
            self.assertIn(number, own_text)
        # Supplements: the joint one names the separate award and its reason;
        # the separate one prints its reason.
        supplements = self._supplements(award)
        self.assertEqual(len(supplements), 3, "joint (en, fr) and the separate one")
        joint_also = self._text(self._section(supplements[0], "also-awarded-by"))
        self.assertIn(spanish.award_number, joint_also)
        self.assertIn(REASON, joint_also)
        # Section 2.3 of the joint supplement lists the co-signers only (the
        # Spanish university still administers its unit, in 2.4).
        joint_section = self._text(self._section(supplements[0], "2"))
        self.assertNotIn(spanish.award_number, joint_section)
        self.assertNotIn(LOCAL["es"][0], joint_section)
        self.assertIn(LOCAL["fr"][0], joint_section)
        own = supplements[2]
        self.assertIn(REASON, self._text(self._section(own, "separate-reason")))
        own_section = self._text(self._section(own, "2"))
        self.assertIn(spanish.award_number, own_section)
        self.assertIn(LOCAL["es"][0], own_section)

    def test_joint_fallback_without_separate_institution_stays_joint(self):
        award = self._award(self._programme("FBJ", "joint_fallback"))
        self.assertEqual(award.award_mode, "joint")

    # -------------------------------------------------------------- validation
    def _align(self, code, mode, institution, reason=REASON):
        programme = self._create_programme(self.partnership, code, code, code)
        programme.award_mode = mode
        alignment = self.env["mc.programme.alignment"].create(
            {
                "programme_id": programme.id,
                "institution_id": institution.id,
                "separate_award": True,
                "separate_reason": reason,
            }
        )
        alignment.flush_recordset()
        return alignment

    def test_separate_award_needs_the_fallback_mode(self):
        with self.assertRaisesRegex(ValidationError, "joint with fallback"):
            self._align("VAL1", "joint", self.uni_es)

    def test_separate_award_needs_a_reason(self):
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            self._align("VAL2", "joint_fallback", self.uni_es, reason=" ")

    def test_leading_institution_cannot_award_separately(self):
        with self.assertRaisesRegex(ValidationError, "leads the partnership"):
            self._align("VAL3", "joint_fallback", self.uni_ie)

    def test_back_to_joint_while_an_institution_awards_separately(self):
        alignment = self._align("VAL4", "joint_fallback", self.uni_es)
        with self.assertRaisesRegex(ValidationError, "joint with fallback"):
            alignment.programme_id.award_mode = "joint"
            alignment.programme_id.flush_recordset()

    def test_fallback_without_separate_institution_cannot_be_published(self):
        programme = self._create_programme(self.partnership, "PUB", "P", "P")
        programme.award_mode = "joint_fallback"
        blockers = programme._get_publish_blockers()
        self.assertTrue(any("no institution is marked" in b for b in blockers))

    def test_award_mode_frozen_once_published(self):
        programme = self._programme("FRZ", "joint")
        with self.assertRaisesRegex(UserError, "frozen"):
            programme.award_mode = "multiple"
        arch = self.env["mc.programme"].get_view(view_type="form")["arch"]
        field = lxml_html.fromstring(arch).xpath("//field[@name='award_mode']")[0]
        self.assertEqual(field.get("readonly"), "state in ('published', 'closed')")

    def test_separate_line_only_in_a_fallback_award(self):
        programme = self._programme("LIN", "joint")
        edition = self._create_edition(programme, "LIN 2026")
        enrolments = self._enrol_with_results(edition, self._create_learners(1), ["15"])
        draft = self.env["mc.award"]._create_for_enrolments(enrolments)
        self.assertEqual(draft.state, "draft")
        with self.assertRaisesRegex(ValidationError, "only in a joint award"):
            draft.line_ids[-1:].write(
                {"separate_award": True, "separate_reason": REASON}
            )

    # --------------------------------------------------------------- crosswalk
    def test_crosswalk_on_the_joint_certificate_and_supplement(self):
        award = self._award(self._programme("XWJ", "joint"))
        pages = self._pages(award, mode="learner")
        self.assertEqual(len(pages), 1)
        text = self._text(pages[0])
        for name, local_type, level in LOCAL.values():
            self.assertIn(name, text)
            self.assertIn(local_type, text)
            self.assertIn(level, text)
        supplement = self._supplements(award, mode="learner")[0]
        for key in ("2", "5"):
            section = self._text(self._section(supplement, key))
            for name, _local_type, level in LOCAL.values():
                self.assertIn(name, section, f"section {key}")
                self.assertIn(level, section, f"section {key}")

    def test_crosswalk_each_institution_its_own_side(self):
        award = self._award(self._programme("XWM", "multiple"))
        pages = self._pages(award)
        supplements = self._supplements(award)
        for page, supplement, key in zip(
            pages, supplements, ("ie", "fr", "es"), strict=True
        ):
            for document in (page, self._section(supplement, "2")):
                text = self._text(document)
                self.assertIn(LOCAL[key][0], text)
                for other in set(LOCAL) - {key}:
                    self.assertNotIn(LOCAL[other][0], text)

    def test_crosswalk_in_the_institution_language(self):
        programme = self._programme("XWL", "multiple", publish=False)
        alignment = programme.alignment_ids.filtered(
            lambda a: a.institution_id == self.uni_ie
        )
        alignment.update_field_translations(
            "local_name", {"fr_FR": "Certificat de troisième cycle"}
        )
        self._publish(programme)
        award = self._award(programme)
        french = award.with_context(lang="fr_FR")._mc_crosswalk(self.uni_ie)
        self.assertEqual(french[0]["local_name"], "Certificat de troisième cycle")
        english = award.with_context(lang="en_US")._mc_crosswalk(self.uni_ie)
        self.assertEqual(english[0]["local_name"], LOCAL["ie"][0])

    # ------------------------------------------------------------- languages
    def test_three_partners_every_mandatory_language(self):
        """Joint award of three: the leading institution's page first, then one
        page for each partner's mandatory language; the learner's copy stays
        one page."""
        award = self._award(self._programme("LNG", "joint"))
        pages = self._pages(award, mode="institution")
        self.assertEqual(
            [p.get("data-mc-langs") for p in pages], ["en_US", "fr_FR", "es_ES"]
        )
        for page in pages:
            text = self._text(page)
            for name in self.signatory_names:
                self.assertEqual(text.count(name), 1, "every partner signs each page")
        self.assertIn("LNG Gestion", self._text(pages[1]))
        supplements = self._supplements(award, mode="institution")
        self.assertEqual(
            [s.get("lang") for s in supplements], ["en-US", "fr-FR", "es-ES"]
        )
        self.assertEqual(len(self._pages(award, mode="learner")), 1)

    def test_three_partners_language_already_covered(self):
        """A partner whose mandatory language the leading institution already
        prints adds no page."""
        self.uni_es.document_lang_ids = [Command.set(self.lang_en.ids)]
        award = self._award(self._programme("LNC", "joint"))
        pages = self._pages(award, mode="institution")
        self.assertEqual([p.get("data-mc-langs") for p in pages], ["en_US", "fr_FR"])
