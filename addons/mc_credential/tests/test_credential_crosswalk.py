# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from mc_credentials import make_resolver, verify_credential
from mc_credentials.conformance import schema_errors

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common_credentials import CredentialsFixture

LOCAL = {
    "Aurora University": ("Postgraduate Certificate", "Minor award", "NFQ 9"),
    "Borealis University": ("Diplôme d'université", "DU", "niveau 7"),
    "Caledonia University": ("Título propio de experto", "", "MECES 3"),
}


@tagged("post_install", "-at_install", "mc_credentials")
class TestCredentialCrosswalk(CredentialsFixture, TransactionCase):
    """Each institution's local award name, type and national framework level
    (the programme's alignment) in the Open Badges 3.0 credential it signs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.uni_b.nqf_name = "Cadre national des certifications"
        cls.programme.alignment_ids = [
            Command.create(
                {
                    "institution_id": institution.id,
                    "local_name": LOCAL[institution.name][0],
                    "local_type": LOCAL[institution.name][1],
                    "nqf_level": LOCAL[institution.name][2],
                }
            )
            for institution in cls.institutions
        ]

    def _alignments(self, text):
        document = json.loads(text)
        return document["credentialSubject"]["achievement"]["alignment"]

    def _targets(self, text, kind):
        return {
            a["targetName"] for a in self._alignments(text) if a["targetType"] == kind
        }

    def _verify(self, text):
        issuers = self.institutions | self.partnership.mc_issuer_id
        keys = {"controllers": [inst._mc_controller_document() for inst in issuers]}
        return verify_credential(
            text,
            make_resolver(keys),
            fetch_status_list=self.env["mc.award"]._mc_status_fetcher(),
        )

    def test_joint_credential_names_every_co_signer_crosswalk(self):
        award = self._issue(self._learner("Ada", email="ada@example.org"))
        text = award.credential_json
        self.assertEqual(
            self._targets(text, "ceterms:Credential"),
            {name for name, _type, _level in LOCAL.values()},
        )
        self.assertEqual(
            self._targets(text, "ext:NQFLevel"),
            {level for _name, _type, level in LOCAL.values()},
        )
        french = next(
            a for a in self._alignments(text) if a["targetName"] == "niveau 7"
        )
        self.assertEqual(french["targetFramework"], "Cadre national des certifications")
        self.assertEqual(french["targetDescription"], "Borealis University")
        self.assertEqual(schema_errors(text), [])
        self.assertTrue(self._verify(text).ok)

    def test_multiple_award_each_credential_its_own_crosswalk(self):
        award = self._issue(
            self._learner("Grace", email="grace@example.org"), mode="multiple"
        )
        for line in award.line_ids:
            name, _type, level = LOCAL[line.institution_id.name]
            text = line.credential_json
            self.assertEqual(self._targets(text, "ceterms:Credential"), {name})
            self.assertEqual(self._targets(text, "ext:NQFLevel"), {level})
            self.assertEqual(schema_errors(text), [])
            self.assertTrue(self._verify(text).ok)

    def test_joint_award_with_fallback_signs_jointly_and_separately(self):
        """The co-signers sign the joint credential (their crosswalk only); the
        institution awarding separately signs a credential of its own; the
        page's check covers both."""
        award = self._issue(
            self._learner("Edsger", email="edsger@example.org"),
            mode="joint_fallback",
            separate=self.uni_c,
        )
        separate = award.line_ids.filtered("separate_award")
        self.assertEqual(separate.institution_id, self.uni_c)
        joint_text, own_text = award.credential_json, separate.credential_json
        self.assertEqual(len(json.loads(joint_text)["proof"]), 2)
        self.assertEqual(len(json.loads(own_text)["proof"]), 1)
        self.assertEqual(
            self._targets(joint_text, "ceterms:Credential"),
            {LOCAL["Aurora University"][0], LOCAL["Borealis University"][0]},
        )
        self.assertEqual(
            self._targets(own_text, "ceterms:Credential"),
            {LOCAL["Caledonia University"][0]},
        )
        for text in (joint_text, own_text):
            self.assertEqual(schema_errors(text), [])
            self.assertTrue(self._verify(text).ok)
        self.assertEqual(award._mc_credential_texts(), [joint_text, own_text])
        self.assertTrue(award._mc_stored_report().ok)
        # a revocation reaches both credentials
        award.with_user(self.manager)._revoke("Fraud")
        self.assertEqual(self._verify(own_text).get("status").ok, False)

    def test_programme_without_crosswalk_keeps_only_the_eqf_alignment(self):
        self.programme.alignment_ids.write(
            {"local_name": False, "local_type": False, "nqf_level": False}
        )
        award = self._issue(self._learner("Alan", email="alan@example.org"))
        kinds = {a["targetType"] for a in self._alignments(award.credential_json)}
        self.assertEqual(kinds, {"ext:EQFLevel"})
