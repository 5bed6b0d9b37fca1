# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import EdcFixture

LEVELS = {"DQR 6", "RNCP 6", "NLQF 6"}


@tagged("post_install", "-at_install")
class TestEdcCrosswalk(EdcFixture, TransactionCase):
    """Each institution's local name and national framework level in the EDC:
    every co-signer's in a joint EDC, its own in each EDC of a multiple award;
    the EBSI schema and the ELM shapes still hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_edc()
        cls.programme.alignment_ids.filtered(
            lambda a: a.institution_id == cls.uni_b
        ).local_type = "Diplôme d'université"

    @staticmethod
    def _spec(text):
        payload = json.loads(json.loads(text)["payload"])
        return payload, payload["credentialSubject"]["hasClaim"][0]["specifiedBy"]

    @staticmethod
    def _name(organisation):
        return next(iter(organisation["legalName"].values()))

    @staticmethod
    def _levels(spec):
        return {level["prefLabel"]["en"] for level in spec.get("nqfLevel", [])}

    @staticmethod
    def _notes(spec):
        return " ".join(
            note["noteLiteral"]["en"] for note in spec.get("additionalNote", [])
        )

    def test_joint_edc_every_co_signer(self):
        learner = self._learner(
            "Ida Joint", email="ida@example.org", birth_date=date(2000, 1, 2)
        )
        award = self._issue(learner)
        payload, spec = self._spec(award.edc_json)
        self.assertEqual(self._levels(spec), LEVELS)
        notes = self._notes(spec)
        for institution in self.institutions:
            self.assertIn(f"Data Stewardship ({institution.name})", notes)
        self.assertIn("Diplôme d'université", notes)
        self.assertConforms(payload, ("generic", "mandate"))
        supplement, spec = self._spec(award.edc_supplement_json)
        self.assertEqual(self._levels(spec), LEVELS)
        self.assertConforms(supplement, ("generic", "supplement"))

    def test_multiple_edc_its_own_institution(self):
        award = self._issue(
            self._learner("Mo Multiple", email="mo@example.org"), mode="multiple"
        )
        for line in award.line_ids:
            payload, spec = self._spec(line.edc_json)
            own = line.institution_id
            self.assertEqual(len(self._levels(spec)), 1)
            notes = self._notes(spec)
            self.assertIn(f"Data Stewardship ({own.name})", notes)
            for other in self.institutions - own:
                self.assertNotIn(f"Data Stewardship ({other.name})", notes)
            self.assertConforms(payload, ("generic",))

    def test_joint_fallback_separate_institution_seals_its_own(self):
        award = self._issue(
            self._learner("Fay Fallback", email="fay@example.org"),
            mode="joint_fallback",
            separate=self.uni_c,
        )
        payload, spec = self._spec(award.edc_json)
        bodies = payload["credentialSubject"]["hasClaim"][0]["awardedBy"]
        names = {self._name(body) for body in bodies["awardingBody"]}
        self.assertEqual(names, {self.uni_a.name, self.uni_b.name})
        self.assertConforms(payload, ("generic", "mandate"))
        line = award.line_ids.filtered("separate_award")
        own, own_spec = self._spec(line.edc_json)
        own_bodies = own["credentialSubject"]["hasClaim"][0]["awardedBy"]
        self.assertEqual(
            [self._name(body) for body in own_bodies["awardingBody"]],
            [self.uni_c.name],
        )
        self.assertEqual(len(self._levels(own_spec)), 1)
        self.assertConforms(own, ("generic",))
