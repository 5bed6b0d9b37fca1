# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from mc_credentials.keys import multikey_to_private_key, public_key_to_multikey

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install", "mc_credentials")
class TestSigningKey(TransactionCase):
    """Keys are generated in Odoo, rotate without losing old public keys, and
    their private half is readable by the system group only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.officer = new_test_user(
            cls.env,
            login="mck_officer",
            groups="mc_qualification.mc_qualification_group_officer",
        )
        cls.manager = new_test_user(
            cls.env,
            login="mck_manager",
            groups="mc_qualification.mc_qualification_group_manager",
        )
        cls.uni = cls.env["res.partner"].create(
            {"name": "Key Test University", "is_company": True}
        )

    def test_generate_and_rotate(self):
        uni = self.uni.with_user(self.manager)
        uni.action_generate_signing_key()
        first = uni.mc_active_signing_key_id
        self.assertEqual(uni.mc_issuer_slug, "key-test-university")
        self.assertTrue(first.public_key_multibase.startswith("z6Mk"))
        self.assertTrue(first.verification_method.startswith(uni.mc_did + "#key-"))
        uni.action_generate_signing_key()
        second = uni.mc_active_signing_key_id
        self.assertNotEqual(first, second)
        self.assertRecordValues(
            first | second,
            [{"state": "retired"}, {"state": "active"}],
        )
        self.assertTrue(first.date_retired)
        # the controller document still lists the retired key
        document = uni._mc_controller_document()
        self.assertEqual(document["id"], uni.mc_did)
        published = {
            m["id"]: m["publicKeyMultibase"] for m in document["verificationMethod"]
        }
        self.assertEqual(
            published,
            {
                first.verification_method: first.public_key_multibase,
                second.verification_method: second.public_key_multibase,
            },
        )
        self.assertEqual(document["assertionMethod"][0], second.verification_method)

    def test_private_key_matches_public_key(self):
        self.uni.action_generate_signing_key()
        key = self.uni.mc_active_signing_key_id
        private = multikey_to_private_key(key.sudo().private_key_multibase)
        self.assertEqual(
            public_key_to_multikey(private.public_key()), key.public_key_multibase
        )

    def test_private_key_unreadable_by_officer_and_manager(self):
        self.uni.action_generate_signing_key()
        key = self.uni.mc_active_signing_key_id
        for user in (self.officer, self.manager):
            as_user = key.with_user(user)
            self.assertTrue(as_user.read(["public_key_multibase"]))
            with self.assertRaises(AccessError):
                as_user.read(["private_key_multibase"])
            with self.assertRaises(AccessError):
                as_user.search_read([], ["private_key_multibase"])
            with self.assertRaises(AccessError):
                self.env["mc.signing.key"].with_user(user).search(
                    [("private_key_multibase", "!=", False)]
                )
            # a plain read of all fields silently leaves it out
            self.assertNotIn("private_key_multibase", as_user.read()[0])

    def test_key_material_cannot_be_supplied_or_changed(self):
        with self.assertRaises(UserError):
            self.env["mc.signing.key"].create(
                {"institution_id": self.uni.id, "public_key_multibase": "z6Mkfake"}
            )
        self.uni.action_generate_signing_key()
        key = self.uni.mc_active_signing_key_id
        with self.assertRaises(UserError):
            key.write({"public_key_multibase": "z6Mkother"})
        with self.assertRaises(UserError):
            key.unlink()

    def test_officer_cannot_generate_keys(self):
        with self.assertRaises(AccessError):
            self.uni.with_user(self.officer).action_generate_signing_key()

    def test_private_key_never_exported(self):
        """Key protection mixin: not offered in the export dialog, refused by
        export_data even to an administrator; the public part exports."""
        self.uni.action_generate_signing_key()
        key = self.uni.mc_active_signing_key_id
        field = key._fields[key._mc_private_key_field]
        self.assertEqual(field.name, "private_key_multibase")
        self.assertEqual(field.groups, "base.group_system")
        self.assertFalse(field.copy)
        self.assertFalse(field.exportable)
        with self.assertRaisesRegex(AccessError, "cannot be exported"):
            key.export_data(["key_id", "private_key_multibase"])
        rows = key.export_data(["key_id"])["datas"]
        self.assertEqual(rows, [[key.key_id]])

    def test_manager_creates_a_key_without_reading_it(self):
        """A manager generates a key (its private half is written for them) but
        cannot read it back; the signing code can."""
        keys = self.env["mc.signing.key"].with_user(self.manager)
        key = keys.create({"institution_id": self.uni.id})
        self.assertEqual(key.env.uid, self.manager.id)
        with self.assertRaises(AccessError):
            key.read(["private_key_multibase"])
        private = key._get_private_keys()[key]
        self.assertEqual(
            public_key_to_multikey(private.public_key()), key.public_key_multibase
        )
