# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from mc_credentials.conformance import schema_errors

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mc_credential.tests.interop import (
    dump_case,
    dump_documents,
    interop_dir,
)

from .common import ProfessionalCase


@tagged("post_install", "-at_install")
class TestBodyCredential(ProfessionalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc_it = cls._accreditation(
            cls.body_it, cpd_credits=20, issues_certificate=True
        )
        cls.acc_psy = cls._accreditation(cls.body_psy, cpd_credits=10)

    def _records(self):
        awards = self._issue_awards(self.enrolments[:2], award_date=date(2026, 7, 1))
        records = self.env["mc.cpd.record"].search([("award_id", "in", awards.ids)])
        self.assertEqual(len(records), 4)
        return awards, records

    def test_signed_by_the_body(self):
        awards, records = self._records()
        certified = records.filtered(lambda r: r.accreditation_id == self.acc_it)
        self.assertEqual(len(certified), 2)
        body_partner = self.body_it.partner_id
        self.assertTrue(body_partner.mc_active_signing_key_id)
        did = body_partner.mc_did
        self.assertTrue(did)
        Award = self.env["mc.award"]
        for record in certified:
            document = json.loads(record.credential_json)
            self.assertEqual(document["issuer"]["id"], did)
            self.assertNotEqual(
                document["issuer"]["id"],
                record.award_id._mc_awarding_institutions(with_leading=True)[:1].mc_did,
            )
            subject = document["credentialSubject"]
            achievement = subject["achievement"]
            self.assertEqual(achievement["achievementType"], "Certification")
            self.assertEqual(achievement["creditsAvailable"], 20.0)
            self.assertEqual(subject["creditsEarned"], 20.0)
            self.assertIn(self.programme.name, document["name"])
            self.assertEqual(
                [ev["id"] for ev in document["evidence"]],
                [record.award_id.credential_uuid],
            )
            self.assertTrue(record.credential_hash)
            report = Award._mc_verify(record.credential_json)
            self.assertTrue(report.ok, report.to_dict())
        # One key for the body, reused by the second record.
        self.assertEqual(len(body_partner.mc_signing_key_ids), 1)

    def test_award_status_reaches_the_body_certificate(self):
        """The certificate points at the body's own status lists; suspending,
        reinstating and revoking the academic award flips its bits there."""
        awards, records = self._records()
        record = records.filtered(lambda r: r.accreditation_id == self.acc_it)[:1]
        award = record.award_id
        document = json.loads(record.credential_json)
        body_partner = self.body_it.partner_id
        lists = self.env["mc.status.list"].search(
            [("institution_id", "=", body_partner.id)]
        )
        self.assertEqual(sorted(lists.mapped("purpose")), ["revocation", "suspension"])
        # OB 3.0: one credentialStatus object, on the body's revocation list
        self.assertEqual(
            document["credentialStatus"]["statusListCredential"],
            lists.filtered(lambda lst: lst.purpose == "revocation").url,
        )
        self.assertEqual(schema_errors(record.credential_json), [])
        entries = award.status_entry_ids.filtered(lambda e: e.list_id in lists)
        self.assertEqual(len(entries), 1)
        self.assertEqual(set(entries.mapped("credential_uuid")), {document["id"]})
        Award = self.env["mc.award"]
        self.assertTrue(Award._mc_verify(record.credential_json).ok)
        award._suspend("Investigation")
        report = Award._mc_verify(record.credential_json)
        self.assertIn("suspended", report.get("status").message)
        award.action_reinstate()
        self.assertTrue(Award._mc_verify(record.credential_json).ok)
        award._revoke("Fraud")
        self.assertEqual(record.state, "cancelled")
        report = Award._mc_verify(record.credential_json)
        self.assertFalse(report.ok)
        self.assertIn("revoked", report.get("status").message)
        # the list is the body's, signed with the body's key
        revocation = lists.filtered(lambda sl: sl.purpose == "revocation")
        list_report = Award._mc_verify(revocation.credential_json)
        self.assertTrue(list_report.ok, list_report.to_dict())
        self.assertEqual(
            json.loads(revocation.credential_json)["issuer"], body_partner.mc_did
        )

    def test_tampered_fails(self):
        _awards, records = self._records()
        record = records.filtered(lambda r: r.accreditation_id == self.acc_it)[:1]
        document = json.loads(record.credential_json)
        document["credentialSubject"]["creditsEarned"] = 200.0
        report = self.env["mc.award"]._mc_verify(json.dumps(document))
        self.assertFalse(report.ok)
        with self.assertRaises(UserError):
            record.write({"credential_json": json.dumps(document)})

    def test_signed_certificate_is_immutable(self):
        """The signed-credential mixin on the CPD record: its id is the
        credential's, its entry belongs to the academic award, and no signed
        field can be changed afterwards."""
        _awards, records = self._records()
        record = records.filtered(lambda r: r.accreditation_id == self.acc_it)[:1]
        document = json.loads(record.credential_json)
        self.assertEqual(record.credential_uuid, document["id"])
        entry = self.env["mc.status.list.entry"].search(
            [("credential_uuid", "=", record.credential_uuid)]
        )
        self.assertEqual(entry.award_id, record.award_id)
        self.assertFalse(entry.award_line_id)
        self.assertEqual(entry.institution_id, self.body_it.partner_id)
        before = (record.credential_json, record.credential_hash)
        for name in ("credential_json", "credential_hash", "credential_uuid"):
            with self.assertRaisesRegex(UserError, "CPD record cannot be changed"):
                record.write({name: "x"})
        record.invalidate_recordset()
        self.assertEqual((record.credential_json, record.credential_hash), before)

    def test_no_certificate_no_credential(self):
        _awards, records = self._records()
        plain = records.filtered(lambda r: r.accreditation_id == self.acc_psy)
        self.assertEqual(len(plain), 2)
        self.assertFalse(any(plain.mapped("credential_json")))
        self.assertFalse(self.body_psy.partner_id.mc_signing_key_ids)

    def test_dump_for_interop(self):
        """The professional certificates, one of them revoked with its academic
        award, handed to the Node interop tests (tests/interop)."""
        folder = interop_dir()
        if folder is None:
            self.skipTest("MC_INTEROP_DIR is not set: no interop run asked for it")
        _awards, records = self._records()
        valid, revoked = records.filtered(lambda r: r.accreditation_id == self.acc_it)
        revoked.award_id._revoke("Plagiarism found after issue")
        body_partner = self.body_it.partner_id
        for record, name in ((valid, "valid"), (revoked, "revoked")):
            dump_case(
                folder,
                f"professional-certificate-{name}",
                "professional certificate (CPD credential) of a body",
                record.credential_json,
                [body_partner._mc_did()],
                revoked=record == revoked,
            )
        dump_documents(folder, self.env)
