# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from mc_credentials import elm_conformance, jades

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.mc_edc.tests.common import EDC_SCHEMA_DIR, ELM_DIR, EdcFixture

from .common import StackingFixture


@tagged("post_install", "-at_install", "mc_stacking")
class TestMilestoneEdc(StackingFixture, EdcFixture, TransactionCase):
    """A CMF award recognised into a micro-degree: the micro-degree's European
    Digital Credential names it with ELM ``hasPart`` and still conforms to the
    EBSI JSON Schema and the ELM 3.2 shapes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls._setup_edc_institutions()
        cls.ada = cls._learner("Ada Lovelace", email="ada@example.org")
        cls.cmf_award = cls._issue(cls.ada)
        cls.enrolment = cls._enrol(cls.ada)
        cls.enrolment.with_user(cls.officer).action_recognise_prior_awards()

    def _complete(self, enrolment):
        self.env["mc.result"].create(
            [
                {
                    "enrolment_id": enrolment.id,
                    "unit_id": unit.id,
                    "passed": True,
                    "date": date(2027, 11, 30),
                }
                for unit in self.degree.unit_ids - enrolment.result_ids.unit_id
            ]
        )
        enrolment.with_user(self.officer).action_issue_award()
        award = enrolment.award_id
        self.assertTrue(award.edc_json, "the micro-degree's EDC is sealed")
        return award, jades.payload_of(award.edc_json)

    def _assert_conforms(self, payload):
        self.assertEqual(elm_conformance.schema_errors(payload, EDC_SCHEMA_DIR), [])
        conforms, text, triples = elm_conformance.shacl_report(
            payload, ELM_DIR, ("generic",)
        )
        self.assertTrue(conforms, text[:3000])
        return triples

    @staticmethod
    def _stacked(payload):
        claim = payload["credentialSubject"]["hasClaim"][0]
        return [p for p in claim.get("hasPart", []) if "identifier" in p]

    def test_micro_degree_edc_names_the_cmf_award(self):
        award, payload = self._complete(self.enrolment)
        [node] = self._stacked(payload)
        self.assertEqual(node["type"], "LearningAchievement")
        self.assertEqual(node["identifier"]["notation"], self.cmf_award.credential_uuid)
        self.assertEqual(node["title"]["en"], "Data Stewardship")
        self.assertEqual(
            node["awardedBy"]["awardingBody"][0]["id"],
            self.cmf_award.leading_institution_id._mc_did(),
        )
        self.assertEqual(node["creditReceived"][0]["point"], "6")
        triples = self._assert_conforms(payload)

        grace = self._learner("Grace Hopper", email="grace@example.org")
        _plain_award, plain = self._complete(self._enrol(grace))
        self.assertEqual(self._stacked(plain), [])
        self.assertGreater(triples, self._assert_conforms(plain) + 10)

        report = jades.verify_sealed(
            award.edc_json,
            self.env["mc.seal.certificate"]
            .search([("institution_id", "=", award.leading_institution_id.id)])
            ._mc_chain(),
        )
        self.assertTrue(report.ok, report.failed())
