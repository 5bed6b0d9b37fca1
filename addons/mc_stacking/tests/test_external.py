# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json

from mc_credentials.keys import generate_private_key
from mc_credentials.status_list import StatusList

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import ExternalIssuer, StackingFixture


@tagged("post_install", "-at_install", "mc_stacking")
class TestExternalCredential(StackingFixture, TransactionCase):
    """An Open Badges 3.0 credential issued by a university outside the
    registry becomes a recognition request a registry manager decides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls.trusted = cls.env["mc.trusted.issuer"].create(
            {
                "name": "University Elsewhere",
                "issuer_ref": ExternalIssuer.did,
                "controller_document": ExternalIssuer.controller_json(),
            }
        )
        cls.ada = cls._learner("Ada Lovelace", email="ada@example.org")
        cls.enrolment = cls._enrol(cls.ada)

    def setUp(self):
        super().setUp()
        self.revocations = StatusList()

    @staticmethod
    def _external(email="ada@example.org", **kwargs):
        return ExternalIssuer.badge(email, **kwargs)

    def _lists(self):
        return ExternalIssuer.status_list(self.revocations)

    def _request(self, text, lists=None, user=None):
        Recognition = self.env["mc.recognition"].with_user(user or self.officer)
        return Recognition._mc_request_external(
            self.enrolment, text, lists or self._lists()
        )

    def test_upload_request_approved_by_a_manager(self):
        upload = (
            self.env["mc.recognition.upload"]
            .with_user(self.officer)
            .create(
                {
                    "enrolment_id": self.enrolment.id,
                    "source": "external",
                    "credential_file": base64.b64encode(self._external().encode()),
                    "status_list_file": base64.b64encode(self._lists().encode()),
                }
            )
        )
        action = upload.action_confirm()
        request = self.env["mc.recognition"].browse(action["res_id"])
        self.assertRecordValues(
            request,
            [
                {
                    "state": "requested",
                    "source": "external",
                    "trusted_issuer_id": self.trusted.id,
                    "issuer_name": "University Elsewhere",
                    "achievement_name": "Research Data Basics",
                    "ects_credited": 6.0,
                }
            ],
        )
        self.assertFalse(self.enrolment.result_ids)
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_approve()
        with self.assertRaisesRegex(UserError, "Choose the units"):
            request.with_user(self.manager).action_approve()
        request.with_user(self.manager).unit_ids = self.unit_steward
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "recognised")
        self.assertEqual(request.decided_by_id, self.manager)
        self.assertEqual(self.enrolment.result_ids.recognition_id, request)
        self.assertEqual(self.enrolment.ects_recognised, 6.0)

    def test_refusal_needs_a_reason(self):
        request = self._request(self._external())
        with self.assertRaisesRegex(UserError, "reason"):
            request.with_user(self.manager).action_refuse()
        request.with_user(self.manager).refusal_reason = "Level too low (EQF 4)."
        request.with_user(self.manager).action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertFalse(self.enrolment.result_ids)

    def test_untrusted_issuer_is_refused(self):
        stranger = generate_private_key()
        text = self._external(key=stranger, did="did:web:diploma-mill.example")
        with self.assertRaisesRegex(UserError, "not on the list of trusted issuers"):
            self._request(text)
        self.assertFalse(self.enrolment.recognition_ids)

    def test_wrong_key_for_a_trusted_issuer_is_refused(self):
        text = self._external(key=generate_private_key())
        with self.assertRaisesRegex(UserError, "does not verify: proof:"):
            self._request(text)
        self.assertFalse(self.enrolment.recognition_ids)

    def test_tampered_credential_is_refused(self):
        document = json.loads(self._external())
        document["credentialSubject"]["creditsEarned"] = 30.0
        with self.assertRaisesRegex(UserError, "does not verify: proof:"):
            self._request(json.dumps(document))
        self.assertFalse(self.enrolment.recognition_ids)

    def test_revoked_credential_is_refused(self):
        self.revocations.set(42)
        with self.assertRaisesRegex(UserError, "status: revoked"):
            self._request(self._external())
        self.assertFalse(self.enrolment.recognition_ids)

    def test_missing_status_list_is_refused(self):
        with self.assertRaisesRegex(UserError, "not available"):
            self._request(self._external(), lists="[]")

    def test_expired_credential_is_refused(self):
        text = self._external(valid_until="2026-06-30T00:00:00Z")
        with self.assertRaisesRegex(UserError, "validity: expired"):
            self._request(text)
        self.assertFalse(self.enrolment.recognition_ids)

    def test_identity_mismatch_is_refused(self):
        with self.assertRaisesRegex(UserError, "names another person"):
            self._request(self._external(email="mallory@example.org"))
        self.assertFalse(self.enrolment.recognition_ids)

    def test_same_credential_twice_is_refused(self):
        text = self._external()
        self._request(text)
        with self.assertRaisesRegex(UserError, "already recognised or requested"):
            self._request(text)
        self.assertEqual(len(self.enrolment.recognition_ids), 1)

    def test_not_json_is_refused(self):
        with self.assertRaisesRegex(UserError, "Open Badges 3.0"):
            self._request("<europass/>")

    def test_trusted_issuer_needs_keys(self):
        with self.assertRaisesRegex(Exception, "at least one public key"):
            self.env["mc.trusted.issuer"].create(
                {"name": "No keys", "issuer_ref": "did:web:nokeys.example"}
            )

    def test_officer_cannot_edit_the_trusted_issuers(self):
        with self.assertRaises(AccessError):
            self.trusted.with_user(self.officer).write({"name": "Changed"})
