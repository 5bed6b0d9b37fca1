# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common_credentials import CredentialsFixture


@tagged("post_install", "-at_install", "mc_credentials")
class TestSignedCredential(CredentialsFixture, TransactionCase):
    """The signed-credential mixin on its users: the write guard on the signed
    fields, the one way past it, and the status entries it hands out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.award = cls._issue(cls._learner("Ada Lovelace", email="ada@example.org"))
        cls.multiple = cls._issue(
            cls._learner("Grace Hopper", email="grace@example.org"), mode="multiple"
        )

    def _assert_guarded(self, record, message):
        """Each signed field of ``record`` refuses a change; nothing is written."""
        before = {name: record[name] for name in record._mc_signed_fields}
        for name in record._mc_signed_fields:
            with self.subTest(model=record._name, field=name):
                with self.assertRaisesRegex(UserError, message):
                    record.write({name: "x"})
        record.invalidate_recordset()
        self.assertEqual(
            {name: record[name] for name in record._mc_signed_fields}, before
        )

    def test_award_signed_fields_are_immutable(self):
        self.assertEqual(
            set(self.award._mc_signed_fields),
            {"credential_json", "credential_hash", "credential_uuid"},
        )
        self._assert_guarded(self.award, "Revoke the award")

    def test_award_line_signed_fields_are_immutable(self):
        line = self.multiple.line_ids[:1]
        self.assertTrue(line.credential_json)
        self._assert_guarded(line, "cannot be changed")

    def test_status_list_is_changed_by_signing_only(self):
        entry = self.award.status_entry_ids[:1]
        status_list = entry.list_id
        self.assertTrue(status_list.credential_json)
        self._assert_guarded(status_list, "cannot be edited")
        # setting a bit re-signs the list, past the guard
        before = status_list.credential_hash
        self.env["mc.status.list"]._set_bits(entry, True)
        self.assertNotEqual(status_list.credential_hash, before)
        self.assertEqual(status_list.set_count, 1)

    def test_unsigned_record_takes_its_credential(self):
        """The guard protects what is signed only: an award line of a joint
        award has no credential of its own and stays writable."""
        line = self.award.line_ids[:1]
        self.assertFalse(line.credential_json)
        line._write_transition({"credential_hash": "0" * 64})
        self.assertEqual(line.credential_hash, "0" * 64)

    def test_hash_is_the_sha256_of_the_stored_text(self):
        for record in (self.award, *self.multiple.line_ids):
            vals = record._mc_signed_vals(json.loads(record.credential_json))
            self.assertEqual(vals["credential_json"], record.credential_json)
            self.assertEqual(vals["credential_hash"], record.credential_hash)

    def test_status_entries_belong_to_their_credential(self):
        """One revocation entry per credential: the award's own for a joint
        award, one per line for a multiple award, each linked to its line."""
        entry = self.award.status_entry_ids
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.credential_uuid, self.award.credential_uuid)
        self.assertFalse(entry.award_line_id)
        self.assertEqual(entry.purpose, "revocation")
        document = json.loads(self.award.credential_json)
        self.assertEqual(
            document["credentialStatus"]["statusListIndex"], str(entry.index)
        )
        entries = self.multiple.status_entry_ids
        self.assertEqual(len(entries), len(self.multiple.line_ids))
        for line in self.multiple.line_ids:
            own = entries.filtered(lambda e, ln=line: e.award_line_id == ln)
            self.assertEqual(own.credential_uuid, line.credential_uuid)
            self.assertEqual(own.institution_id, line.institution_id)
