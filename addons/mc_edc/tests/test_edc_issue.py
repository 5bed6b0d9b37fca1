# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from mc_credentials import jades

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import EdcFixture


@tagged("post_install", "-at_install")
class TestEdcIssue(EdcFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_edc()
        cls.learner = cls._learner(
            "Ana <b>Andromeda</b>",
            email="ana@example.org",
            birth_date=date(1999, 10, 1),
        )
        cls.joint = cls._issue(cls.learner)

    def payload(self, text):
        return json.loads(json.loads(text)["payload"])

    def test_joint_award_gets_a_sealed_edc(self):
        award = self.joint
        self.assertTrue(award.edc_json)
        payload = self.payload(award.edc_json)
        self.assertConforms(payload, ("generic", "mandate"))
        self.assertEqual(payload["id"], award.edc_uuid)
        bodies = payload["credentialSubject"]["hasClaim"][0]["awardedBy"][
            "awardingBody"
        ]
        self.assertEqual(
            [b["id"] for b in bodies], [i._mc_did() for i in self.institutions]
        )
        self.assertEqual(
            payload["credentialSubject"]["fullName"]["en"], "Ana <b>Andromeda</b>"
        )
        self.assertIn("mandate", payload["evidence"][0]["evidenceStatement"])
        report, found = award._mc_verify_edc(award.edc_json)
        self.assertTrue(report.ok, report.to_dict())
        self.assertEqual(found, award)

    def test_supplement_edc(self):
        payload = self.payload(self.joint.edc_supplement_json)
        self.assertConforms(payload, ("generic", "supplement"))
        self.assertEqual(
            payload["credentialSubject"]["dateOfBirth"], "1999-10-01T00:00:00Z"
        )

    def test_multiple_award_one_edc_per_institution(self):
        learner = self._learner("Bo Multiple", email="bo@example.org")
        award = self._issue(learner, mode="multiple")
        texts = [line.edc_json for line in award.line_ids]
        self.assertEqual(len(set(texts)), 3)
        self.assertEqual(
            award.edc_json,
            award.line_ids.filtered(
                lambda ln: ln.institution_id == self.uni_a
            ).edc_json,
        )
        for line in award.line_ids:
            payload = self.payload(line.edc_json)
            self.assertConforms(payload, ("generic",))
            self.assertEqual(payload["issuer"]["id"], line.institution_id._mc_did())
            spec = payload["credentialSubject"]["hasClaim"][0]["specifiedBy"]
            self.assertEqual(len(spec["awardingOpportunity"]), 2)
            self.assertIn(line.institution_id.name, spec["altLabel"]["en"])
            report, found = award._mc_verify_edc(line.edc_json)
            self.assertTrue(report.ok, report.to_dict())
        self.assertFalse(award.edc_supplement_json)  # no date of birth

    def test_revoked_award_is_reported(self):
        learner = self._learner("Cy Revoked", email="cy@example.org")
        award = self._issue(learner)
        award._write_transition({"state": "revoked"})
        award._post_status_change()
        report, _award = award._mc_verify_edc(award.edc_json)
        self.assertFalse(report.ok)
        self.assertEqual(report.get("status").code, "revoked")

    def test_tampered_and_foreign_edc(self):
        sealed = json.loads(self.joint.edc_json)
        sealed["payload"] = sealed["payload"].replace("Andromeda", "Eve")
        report, _award = self.env["mc.award"]._mc_verify_edc(json.dumps(sealed))
        self.assertFalse(report.get("seal").ok)
        report, award = self.env["mc.award"]._mc_verify_edc(
            '{"payload": "{}", "signatures": []}'
        )
        self.assertFalse(report.ok)
        self.assertFalse(award)

    def test_certificate_of_another_institution_is_rejected(self):
        """Re-sealed with a certificate the issuer never registered."""
        sealed = json.loads(self.joint.edc_json)
        other = self.seals.filtered(lambda s: s.institution_id == self.uni_b)
        resealed = jades.seal(
            json.loads(sealed["payload"]), other._mc_key(), other._mc_chain()
        )
        report, _award = self.env["mc.award"]._mc_verify_edc(json.dumps(resealed))
        self.assertTrue(report.get("seal").ok)
        self.assertFalse(report.get("chain").ok)

    def test_no_seal_certificate_no_edc(self):
        self.seals.filtered(lambda s: s.institution_id == self.uni_a).active = False
        award = self._issue(self._learner("Di NoSeal"))
        self.assertTrue(award.credential_json)
        self.assertFalse(award.edc_json)

    def test_missing_country_is_explained(self):
        self.uni_a.country_id = False
        with self.assertRaisesRegex(UserError, "needs a country"):
            self._issue(self._learner("Ed NoCountry"))

    def test_private_key_is_protected(self):
        seal = self.seals[:1].with_user(self.manager)
        with self.assertRaises(AccessError):
            seal.read(["private_key_pem"])
        self.assertNotIn("private_key_pem", seal.fields_get())
        self.assertFalse(seal._fields["private_key_pem"].exportable)
        with self.assertRaisesRegex(AccessError, "cannot be exported"):
            self.seals[:1].export_data(["name", "private_key_pem"])
        self.assertTrue(self.seals[:1]._mc_key())
        with self.assertRaises(UserError):
            seal.write({"name": "x"})
        with self.assertRaises(UserError):
            seal.sudo().unlink()
        self.assertTrue(all(s.is_test for s in self.seals))
        self.assertIn("TEST", self.seals[:1].name)

    def test_upload_pem_and_bad_password(self):
        from mc_credentials import test_ca

        ca_key, ca = test_ca.make_test_ca("Aurora", "DE", "RS256")
        key, chain = test_ca.issue_test_seal(ca_key, ca, "Aurora", "DE", "RS256")
        pem = test_ca.to_pem(key, chain, "secret")
        Upload = self.env["mc.seal.certificate.upload"].with_user(self.manager)
        wizard = Upload.create(
            {
                "institution_id": self.uni_a.id,
                "file": __import__("base64").b64encode(pem),
                "password": "bad",
            }
        )
        with self.assertRaisesRegex(UserError, "wrong password"):
            wizard.action_load()
        wizard.password = "secret"
        action = wizard.action_load()
        certificate = self.env["mc.seal.certificate"].browse(action["res_id"])
        self.assertEqual(certificate.algorithm, "RS256")
        self.assertFalse(wizard.file)
        active = self.env["mc.seal.certificate"]._mc_active_for(self.uni_a)
        self.assertEqual(active[self.uni_a], certificate)
        award = self._issue(self._learner("Flo RSA"))
        header = json.loads(
            jades.b64url_decode(
                json.loads(award.edc_json)["signatures"][0]["protected"]
            )
        )
        self.assertEqual(header["alg"], "RS256")
