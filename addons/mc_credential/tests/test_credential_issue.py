# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy
import hashlib
import json
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from mc_credentials import make_resolver, verify_credential
from mc_credentials.conformance import schema_errors
from mc_credentials.keys import multibase_b58_decode, multibase_b58_encode

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase, warmup
from odoo.tools import SQL

from ..models import mc_award_verification
from .common_credentials import CredentialsFixture


@tagged("post_install", "-at_install", "mc_credentials")
class TestCredentialIssue(CredentialsFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.learner = cls._learner(
            "Ada Lovelace", email="ada@example.org", lang="en_US"
        )
        cls.award = cls._issue(cls.learner, classification="A")

    def _verify(self, document, **kwargs):
        return verify_credential(
            document,
            make_resolver(self._keys_document()),
            fetch_status_list=self.env["mc.award"]._mc_status_fetcher(),
            **kwargs,
        )

    def _method(self, institution):
        """The partnership's verification method of a member's active key."""
        return self.partnership.mc_issuer_id._mc_partnership_method(
            institution.mc_active_signing_key_id
        )

    # --- issuing --------------------------------------------------------------

    def test_issue_signs_a_joint_credential_with_a_proof_set(self):
        award = self.award
        self.assertTrue(award.credential_uuid.startswith("urn:uuid:"))
        self.assertEqual(
            award.credential_hash,
            hashlib.sha256(award.credential_json.encode()).hexdigest(),
        )
        document = self._credential(award)
        self.assertEqual(document["id"], award.credential_uuid)
        # the partnership issues; each member signs with its own key, published
        # under the partnership's identifier
        issuer = self.partnership.mc_issuer_id
        self.assertEqual(document["issuer"]["id"], issuer.mc_did)
        self.assertEqual(document["issuer"]["name"], "Polar Alliance")
        proofs = document["proof"]
        self.assertEqual(
            [p["verificationMethod"] for p in proofs],
            [self._method(inst) for inst in self.institutions],
        )
        self.assertEqual(
            [e["id"] for e in document["evidence"]],
            [inst.mc_did for inst in self.institutions],
        )
        did_document = issuer._mc_controller_document()
        self.assertEqual(
            did_document["controller"], [inst.mc_did for inst in self.institutions]
        )
        member_document = self.uni_b._mc_controller_document()
        self.assertEqual(
            member_document["service"][0]["serviceEndpoint"],
            issuer.mc_did_document_url,
        )
        achievement = document["credentialSubject"]["achievement"]
        self.assertEqual(achievement["creditsAvailable"], self.programme.ects)
        self.assertEqual(achievement["alignment"][0]["targetCode"], "6")
        # OB 3.0: one credentialStatus object, the revocation entry
        self.assertEqual(document["credentialStatus"]["statusPurpose"], "revocation")
        # the verification token (public link) is not part of the credential
        self.assertNotIn(award.verification_token, award.credential_json)
        report = self._verify(award.credential_json)
        self.assertTrue(report.ok, report.to_dict())

    def test_multiple_award_one_credential_per_institution(self):
        learner = self._learner("Grace Hopper", email="grace@example.org")
        award = self._issue(learner, mode="multiple")
        lines = award.line_ids
        self.assertEqual(len(set(lines.mapped("credential_uuid"))), 3)
        self.assertIn(award.credential_uuid, lines.mapped("credential_uuid"))
        for line in lines:
            document = json.loads(line.credential_json)
            self.assertEqual(document["issuer"]["id"], line.institution_id.mc_did)
            self.assertEqual(len(document["proof"]), 1)
            others = {e["id"] for e in document["evidence"]}
            self.assertEqual(
                others, set(lines.mapped("credential_uuid")) - {line.credential_uuid}
            )
            self.assertTrue(self._verify(line.credential_json).ok)

    def test_every_kind_conforms_to_the_ob3_schema(self):
        """Joint award, each credential of a multiple award, single-institution
        award: valid against the official OB 3.0 AchievementCredential JSON
        Schema (Draft 2019-09, formats checked), in several languages."""
        self.uni_a.document_lang_ids = self.env.ref("base.lang_en") | self.env.ref(
            "base.lang_fr"
        )
        learner = self._learner("Grace Hopper", email="grace@example.org")
        multiple = self._issue(learner, mode="multiple")
        texts = {"joint": self.award.credential_json}
        texts.update(
            {
                f"multiple/{line.institution_id.name}": line.credential_json
                for line in multiple.line_ids
            }
        )
        for kind, text in texts.items():
            with self.subTest(kind=kind):
                self.assertEqual(schema_errors(text), [])
        document = json.loads(multiple.credential_json)
        achievement = document["credentialSubject"]["achievement"]
        self.assertIsInstance(achievement["name"], str)

    def test_credential_is_immutable(self):
        with self.assertRaises(UserError):
            self.award.write({"credential_json": "{}"})
        with self.assertRaises(UserError):
            self.award.write({"credential_hash": "0" * 64})

    def test_status_indexes_random_and_unique(self):
        learners = self.env["res.partner"].create(
            [{"name": f"Learner {i}", "is_learner": True} for i in range(8)]
        )
        awards = self._issue(learners)
        entries = awards.status_entry_ids
        self.assertEqual(len(entries), 8)
        for status_list in entries.list_id:
            indexes = status_list.entry_ids.mapped("index")
            self.assertEqual(len(indexes), len(set(indexes)))
        # not handed out in order of issue
        revocation = entries.filtered(lambda e: e.purpose == "revocation")
        self.assertNotEqual(
            revocation.mapped("index"), sorted(revocation.mapped("index"))
        )

    def test_rotation_keeps_old_credentials_verifiable(self):
        self.uni_b.with_user(self.manager).action_generate_signing_key()
        self.assertEqual(len(self.uni_b.mc_signing_key_ids), 2)
        self.assertTrue(self._verify(self.award.credential_json).ok)
        learner = self._learner("Katherine Johnson")
        award = self._issue(learner)
        vm = self._credential(award)["proof"][1]["verificationMethod"]
        self.assertEqual(vm, self._method(self.uni_b))
        self.assertTrue(self._verify(award.credential_json).ok)

    def test_base_url_change_keeps_issued_credentials_verifiable(self):
        """Odoo rewrites web.base.url when an administrator logs in from another
        address, and a restore may run on another host: the identifiers that
        issued credentials refer to (did:web, status lists) must not move."""
        did_before = self.uni_b.mc_did
        revocation = self.award.status_entry_ids.filtered(
            lambda e: e.purpose == "revocation"
        )
        url_before = revocation.list_id.url
        self.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", "https://registry.example.org"
        )
        self.env.invalidate_all()
        self.assertEqual(self.uni_b.mc_did, did_before)
        self.assertEqual(revocation.list_id.url, url_before)
        self.assertTrue(self._verify(self.award.credential_json).ok)
        self.award.with_user(self.manager)._revoke("Issued in error")
        report = self._verify(self.award.credential_json)
        self.assertIn("revoked", report.get("status").message)

    # --- tampering ------------------------------------------------------------

    def test_partner_proof_removed_fails_naming_partner(self):
        document = self._credential(self.award)
        document["proof"] = [
            p
            for p in document["proof"]
            if p["verificationMethod"] != self._method(self.uni_b)
        ]
        report = self._verify(document)
        self.assertFalse(report.ok)
        self.assertEqual(
            [c.name for c in report.failed()], [f"proof:{self.uni_b.mc_did}"]
        )
        values = self.env["mc.award"]._mc_report_values(report)
        failed = [s["issuer"] for s in values["signatures"] if not s["ok"]]
        self.assertEqual(failed, ["Borealis University"])

    def test_partner_proof_forged_fails_naming_partner(self):
        document = self._credential(self.award)
        forged = copy.deepcopy(document)
        proof = forged["proof"][2]
        signature = bytearray(multibase_b58_decode(proof["proofValue"]))
        signature[5] ^= 0x01
        proof["proofValue"] = multibase_b58_encode(bytes(signature))
        report = self._verify(forged)
        self.assertFalse(report.ok)
        failed = report.failed()
        # the forged proof, and the missing valid proof of that same partner
        self.assertEqual(
            {check.name for check in failed},
            {f"proof:{self._method(self.uni_c)}", f"proof:{self.uni_c.mc_did}"},
        )
        values = self.env["mc.award"]._mc_report_values(report)
        self.assertEqual(
            [s["issuer"] for s in values["signatures"] if not s["ok"]],
            ["Caledonia University"],
        )

    def test_changed_value_fails(self):
        document = self._credential(self.award)
        document["credentialSubject"]["achievement"]["creditsAvailable"] = 60.0
        report = self._verify(document)
        self.assertFalse(report.ok)
        # every co-issuer's proof breaks
        failed_proofs = [c for c in report.failed() if "#" in c.name]
        self.assertEqual(len(failed_proofs), 3)
        self.assertTrue(report.get("shape").ok)

    # --- status ---------------------------------------------------------------

    def test_revoke_flips_status_bit_and_verification(self):
        award = self.award
        revocation = award.status_entry_ids.filtered(
            lambda e: e.purpose == "revocation"
        )
        status_list = revocation.list_id
        self.assertFalse(revocation.value)
        signed_before = status_list.credential_hash
        award.with_user(self.manager)._revoke("Plagiarism found after issue")
        self.assertTrue(revocation.value)
        self.assertNotEqual(status_list.credential_hash, signed_before)
        report = self._verify(award.credential_json)
        self.assertFalse(report.ok)
        self.assertFalse(report.get("status").ok)
        self.assertEqual(report.get("status").code, "revoked")
        # the page decides by the code and says it in a sentence of its own
        values = self.env["mc.award"]._mc_report_values(report)
        self.assertEqual(values["status"], "revoked")
        status = next(c for c in values["checks"] if c["name"] == "status")
        self.assertEqual(status["message"], "The issuer has revoked this credential.")
        # the list credential itself is signed by the leading institution
        list_report = self._verify(status_list.credential_json)
        self.assertTrue(list_report.ok, list_report.to_dict())

    def test_suspend_and_reinstate(self):
        learner = self._learner("Mary Somerville")
        award = self._issue(learner)
        award.with_user(self.manager)._suspend("Under investigation")
        Award = self.env["mc.award"]
        report = Award._mc_verify(award.credential_json)
        self.assertFalse(report.ok)
        self.assertIn("suspended", report.get("status").message)
        # the credential carries its revocation entry only (OB 3.0): a third
        # party's verifier does not see the suspension, our verifier does
        self.assertNotIn("suspension", award.credential_json)
        self.assertTrue(self._verify(award.credential_json).ok)
        award.with_user(self.manager).action_reinstate()
        self.assertTrue(Award._mc_verify(award.credential_json).ok)

    def test_cli_verifier_with_exported_keys(self):
        """An employer verifies offline with ``mc-verify``, the controller
        documents and the status lists downloaded from the public routes."""
        award = self.award
        lists = award.status_entry_ids.list_id
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "credential.json").write_text(award.credential_json)
            (tmp / "keys.json").write_text(json.dumps(self._keys_document()))

            def run():
                (tmp / "lists.json").write_text(
                    json.dumps([json.loads(sl.credential_json) for sl in lists])
                )
                return subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "mc_credentials",
                        str(tmp / "credential.json"),
                        "--keys",
                        str(tmp / "keys.json"),
                        "--status-list",
                        str(tmp / "lists.json"),
                    ],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )

            result = run()
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("VALID", result.stdout)
            award.with_user(self.manager)._revoke("Issued by mistake")
            result = run()
            self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
            self.assertIn("revoked", result.stdout)
            self.assertIn("INVALID", result.stdout)

    # --- delivery -------------------------------------------------------------

    def test_delivery_mail_in_learner_language_with_credential(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        learner = self._learner("Émilie du Châtelet", email="emilie@example.org")
        learner.lang = "fr_FR"
        award = self._issue(learner)
        self.assertEqual(award.credential_delivery, "pending")
        self.env["mc.award"]._cron_send_credentials()
        self.assertEqual(award.credential_delivery, "sent")
        mail = self.env["mail.mail"].search(
            [("model", "=", "mc.award"), ("res_id", "=", award.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(learner, mail.recipient_ids)
        self.assertIn(award.verification_url, mail.body_html)
        names = mail.attachment_ids.mapped("name")
        self.assertIn(
            f"credential-{award.credential_uuid.rsplit(':', 1)[-1]}.json", names
        )
        attachment = mail.attachment_ids.filtered(
            lambda a: a.mimetype == "application/ld+json"
        )
        self.assertEqual(attachment.raw.decode(), award.credential_json)
        template = self.env.ref("mc_credential.mail_template_mc_award_credential")
        self.assertEqual(template._render_lang(award.ids)[award.id], "fr_FR")
        report = self.env.ref(
            "mc_qualification.action_report_mc_certificate", raise_if_not_found=False
        )
        self.assertEqual(
            bool(
                mail.attachment_ids.filtered(lambda a: a.mimetype == "application/pdf")
            ),
            bool(report),
        )

    def test_public_link_renew_and_withdraw_keep_credential(self):
        award = self.award
        before = (award.credential_json, award.verification_token)
        award.with_user(self.manager).action_renew_public_link()
        self.assertNotEqual(award.verification_token, before[1])
        self.assertEqual(award.credential_json, before[0])
        award.with_user(self.manager).action_withdraw_public_link()
        self.assertFalse(award.verification_token)
        self.assertFalse(award.verification_url)
        self.assertEqual(award.credential_json, before[0])

    @warmup
    def test_public_page_values_query_count(self):
        """The verification page's hot path, once the independent check ran: one
        query per model it shows (award, lines, partners, programme, type, status
        lists), no key table, no proof verification."""
        award = self.award.sudo()
        award._mc_check_credentials()
        self.env.flush_all()
        with patch.object(
            mc_award_verification, "verify_credential", side_effect=AssertionError
        ):
            award._mc_public_values()
            self.env.invalidate_all()
            with self.assertQueryCount(__system__=6):
                values = award._mc_public_values()
        self.assertEqual(values["status"], "valid")
        self.assertEqual(len(values["signatures"]), 3)

    # --- the independent check ------------------------------------------------

    def _tamper(self, record, document):
        """Change a stored credential (of an award or an award line) behind the
        ORM's back, as a database edit would."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET credential_json = %s WHERE id = %s",
                SQL.identifier(record._table),
                json.dumps(document, indent=2),
                record.id,
            )
        )
        self.env.invalidate_all()

    def test_issuing_queues_the_independent_check(self):
        award = self.award
        self.assertEqual(award.credential_check_state, "pending")
        cron = self.env.ref("mc_credential.ir_cron_mc_award_check_credentials")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        )
        checked = self.env["mc.award"]._cron_check_credentials()
        self.assertIn(award, checked)
        self.assertEqual(award.credential_check_state, "passed")
        self.assertTrue(award.credential_check_date)
        stored = award.credential_checks["texts"]
        digest = hashlib.sha256(award.credential_json.encode()).hexdigest()
        self.assertEqual(list(stored), [digest])
        names = [check[0] for check in stored[digest]]
        self.assertEqual(names[0], "shape")
        self.assertEqual(sum(name.startswith("proof:") for name in names), 3)
        # status and validity are not stored: they change
        self.assertFalse({"status", "validity"} & set(names))
        self.assertFalse(
            self.env["mc.award"]
            ._cron_check_credentials()
            .filtered(lambda a: a == award)
        )

    def test_page_uses_stored_checks_and_live_status(self):
        award = self.award.sudo()
        award._mc_check_credentials()
        with patch.object(
            mc_award_verification, "verify_credential", side_effect=AssertionError
        ):
            self.assertEqual(award._mc_public_values()["status"], "valid")
            award.with_user(self.manager)._revoke("Degree mill")
            values = award._mc_public_values()
        self.assertEqual(values["status"], "revoked")
        status_line = next(c for c in values["checks"] if c["name"] == "status")
        self.assertFalse(status_line["ok"])
        self.assertIn("revoked", status_line["message"])

    def test_credential_edited_after_its_check_is_not_valid(self):
        """The stored checks are bound to the text's hash: an edit made in the
        database afterwards is verified again, and fails."""
        award = self.award.sudo()
        award._mc_check_credentials()
        document = self._credential(award)
        document["credentialSubject"]["achievement"]["creditsAvailable"] = 60.0
        self._tamper(award, document)
        values = award._mc_public_values()
        self.assertEqual(values["status"], "invalid")
        self.assertTrue(values["signatures"])
        self.assertFalse(any(line["ok"] for line in values["signatures"]))

    def test_multiple_award_page_checks_every_institution_credential(self):
        """A multiple award has one credential per institution: the check and
        the page cover each, one signature line per institution."""
        learner = self._learner("Katherine Johnson")
        award = self._issue(learner, mode="multiple").sudo()
        award._mc_check_credentials()
        self.assertEqual(award.credential_check_state, "passed")
        digests = {
            hashlib.sha256(line.credential_json.encode()).hexdigest()
            for line in award.line_ids
        }
        self.assertEqual(set(award.credential_checks["texts"]), digests)
        with patch.object(
            mc_award_verification, "verify_credential", side_effect=AssertionError
        ):
            values = award._mc_public_values()
        self.assertEqual(values["status"], "valid")
        self.assertEqual(
            sorted(line["issuer"] for line in values["signatures"]),
            sorted(self.institutions.mapped("name")),
        )
        self.assertTrue(all(line["ok"] for line in values["signatures"]))
        self.assertEqual(
            [check["name"] for check in values["checks"]],
            ["shape", "status", "validity"],
        )
        # a partner's credential edited in the database: that partner's line fails
        partner_line = award.line_ids.filtered(
            lambda line: line.credential_uuid != award.credential_uuid
        )[:1]
        document = json.loads(partner_line.credential_json)
        document["credentialSubject"]["creditsEarned"] = 60.0
        self._tamper(partner_line, document)
        values = award._mc_public_values()
        self.assertEqual(values["status"], "invalid")
        failed = [line["issuer"] for line in values["signatures"] if not line["ok"]]
        self.assertEqual(failed, [partner_line.institution_id.name])
        # revocation reaches every institution's credential
        award.with_user(self.manager)._revoke("Double counting")
        values = award._mc_public_values()
        self.assertEqual(values["status"], "revoked")

    def test_failed_check_is_posted_on_the_award(self):
        learner = self._learner("Emmy Noether")
        award = self._issue(learner).sudo()
        document = self._credential(award)
        document["proof"] = document["proof"][:1]
        self._tamper(award, document)
        award._mc_check_credentials()
        self.assertEqual(award.credential_check_state, "failed")
        self.assertIn(
            "independent check of the signed credential failed",
            award.message_ids[:1].body,
        )
        self.assertIn("no valid proof by this party", award.message_ids[:1].body)
        self.assertEqual(award._mc_public_values()["status"], "invalid")

    def test_expired_credential(self):
        learner = self._learner("Rosalind Franklin")
        yesterday = fields.Date.today() - timedelta(days=1)
        award = self._issue(learner, valid_until=yesterday)
        document = self._credential(award)
        self.assertTrue(document["validUntil"].startswith(str(yesterday)))
        values = award._mc_public_values()
        self.assertEqual(values["status"], "expired")
        self.assertFalse(self._verify(award.credential_json).get("validity").ok)
