# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase

from .common_credentials import CredentialsFixture


@tagged("post_install", "-at_install", "mc_credentials")
class TestPortalAwards(CredentialsFixture, HttpCase):
    """A learner sees their own awards, only theirs, downloads the signed
    credential and manages the public page without touching the credential."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.user_ada = new_test_user(
            cls.env,
            login="ada_portal",
            password="ada_portal_pw1",
            groups="base.group_portal",
        )
        cls.user_bob = new_test_user(
            cls.env,
            login="bob_portal",
            password="bob_portal_pw1",
            groups="base.group_portal",
        )
        cls.user_ada.partner_id.write({"is_learner": True, "name": "Ada Portal"})
        cls.user_bob.partner_id.write({"is_learner": True, "name": "Bob Portal"})
        cls.award_ada = cls._issue(cls.user_ada.partner_id, classification="B")
        cls.award_bob = cls._issue(cls.user_bob.partner_id)

    def _uuid(self, award):
        return award.credential_uuid.rsplit(":", 1)[-1]

    def test_learner_reaches_only_own_awards(self):
        Award = self.env["mc.award"].with_user(self.user_ada)
        self.assertEqual(Award._mc_portal_awards(), self.award_ada)
        self.assertFalse(Award._mc_portal_awards(self.award_bob.credential_uuid))
        # no access rights of their own on the registry's awards
        with self.assertRaises(AccessError):
            self.award_ada.with_user(self.user_ada).read(["learner_id"])
        with self.assertRaises(AccessError):
            self.award_bob.with_user(self.user_ada)._mc_portal_values()
        with self.assertRaises(AccessError):
            self.award_bob.with_user(self.user_ada)._mc_portal_set_show_grade(True)
        self.assertFalse(self.award_bob.public_show_grade)

    def test_portal_list_and_detail(self):
        self.authenticate("ada_portal", "ada_portal_pw1")
        response = self.url_open("/my/awards")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self._uuid(self.award_ada), response.text)
        self.assertNotIn(self._uuid(self.award_bob), response.text)
        detail = self.url_open(f"/my/awards/{self._uuid(self.award_ada)}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.award_ada.verification_url, detail.text)
        download = self.url_open(
            f"/my/awards/{self._uuid(self.award_ada)}/credential.json"
        )
        self.assertEqual(download.text, self.award_ada.credential_json)
        # someone else's award: no page, no file
        other = self.url_open(f"/my/awards/{self._uuid(self.award_bob)}")
        self.assertNotIn(self._uuid(self.award_bob), other.text)
        self.assertEqual(
            self.url_open(
                f"/my/awards/{self._uuid(self.award_bob)}/credential.json"
            ).status_code,
            404,
        )

    def test_portal_settings(self):
        self.authenticate("ada_portal", "ada_portal_pw1")
        uuid = self._uuid(self.award_ada)
        signed = self.award_ada.credential_json
        old_token = self.award_ada.verification_token

        def post(action):
            return self.url_open(
                f"/my/awards/{uuid}/settings",
                data={"action": action, "csrf_token": Request.csrf_token(self)},
            )

        post("show_grade")
        self.assertTrue(self.award_ada.public_show_grade)
        post("hide_grade")
        self.assertFalse(self.award_ada.public_show_grade)
        post("renew_link")
        self.assertNotEqual(self.award_ada.verification_token, old_token)
        self.assertTrue(self.award_ada.verification_token)
        post("withdraw_link")
        self.assertFalse(self.award_ada.verification_token)
        self.assertEqual(self.award_ada.credential_json, signed)
        # Bob cannot change Ada's award
        self.authenticate("bob_portal", "bob_portal_pw1")
        self.url_open(
            f"/my/awards/{uuid}/settings",
            data={"action": "show_grade", "csrf_token": Request.csrf_token(self)},
        )
        self.assertFalse(self.award_ada.public_show_grade)
