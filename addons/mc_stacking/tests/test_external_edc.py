# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import datetime, timedelta, timezone

from cryptography.hazmat.primitives import serialization
from mc_credentials import (
    edc as edc_lib,
    jades,
)
from mc_credentials.status_list import StatusList
from mc_credentials.test_ca import issue_test_seal, make_test_ca

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import ExternalIssuer, StackingFixture


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@tagged("post_install", "-at_install", "mc_stacking")
class TestExternalEdc(StackingFixture, TransactionCase):
    """A European Digital Credential sealed (JAdES) by a university outside the
    registry: verified (seal, certificate chain to the trusted issuer's
    certificate, dates, status, learner) and requested for a manager's decision;
    every bad input refused with its reason and nothing recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls.ca_key, cls.ca_cert = make_test_ca("University Elsewhere", "PT")
        cls.seal_key, cls.seal_chain = issue_test_seal(
            cls.ca_key, cls.ca_cert, "University Elsewhere", "PT"
        )
        cls.trusted = cls.env["mc.trusted.issuer"].create(
            {
                "name": "University Elsewhere",
                "issuer_ref": ExternalIssuer.did,
                "kind": "certificate",
                "certificate": _pem(cls.ca_cert),
                "controller_document": ExternalIssuer.controller_json(),
                "country_id": cls.env.ref("base.pt").id,
            }
        )
        cls.ada = cls._learner("Ada Lovelace", email="ada@example.org")
        cls.enrolment = cls._enrol(cls.ada)

    def setUp(self):
        super().setUp()
        self.revocations = StatusList()

    def _payload(self, email="ada@example.org", status=True, **overrides):
        data = {
            "id": "urn:uuid:9e0c1c62-0000-4000-8000-00000000e0c1",
            "issued_context": "https://registry.uni-elsewhere.example/ctx.jsonld",
            "issued": "2026-03-01T10:00:00Z",
            "languages": ["en"],
            "issuer": {
                "id": ExternalIssuer.did,
                "name": "Universidade Algures",
                "country": "PT",
                "registration": "PT-NIPC-500000000",
            },
            "learner": {
                "id": "urn:uuid:9e0c1c62-0000-4000-8000-0000000000ad",
                "full_name": "Ada Lovelace",
                "email": email,
            },
            "achievement": {
                "id": "https://registry.uni-elsewhere.example/programmes/rdb",
                "title": "Research Data Basics",
                "assessment": {"grade": "Passed"},
            },
            "credits_earned": 6,
        }
        data.update(overrides)
        payload = edc_lib.build_edc(data)
        if status:
            payload["credentialStatus"] = json.loads(ExternalIssuer.badge())[
                "credentialStatus"
            ]
        return payload

    def _seal(self, payload, key=None, chain=None):
        sealed = jades.seal(
            payload,
            key or self.seal_key,
            chain or self.seal_chain,
            datetime.now(timezone.utc),
        )
        return json.dumps(sealed)

    def _request(self, text, lists=None, user=None):
        Recognition = self.env["mc.recognition"].with_user(user or self.officer)
        return Recognition._mc_request_external(
            self.enrolment,
            text,
            ExternalIssuer.status_list(self.revocations) if lists is None else lists,
        )

    def _refused(self, text, reason, lists=None):
        with self.assertRaisesRegex(UserError, reason):
            self._request(text, lists)
        self.assertFalse(self.enrolment.recognition_ids)

    def test_sealed_edc_requested_then_approved_by_a_manager(self):
        request = self._request(self._seal(self._payload()))
        self.assertRecordValues(
            request,
            [
                {
                    "state": "requested",
                    "source": "external",
                    "trusted_issuer_id": self.trusted.id,
                    "issuer_name": "Universidade Algures",
                    "achievement_name": "Research Data Basics",
                    "ects_credited": 6.0,
                    "credential_ref": "urn:uuid:9e0c1c62-0000-4000-8000-00000000e0c1",
                }
            ],
        )
        self.assertEqual(str(request.award_date), "2026-03-01")
        self.assertIn("seal: seal is valid", request.verification_note)
        self.assertIn("chain:", request.verification_note)
        self.assertIn("status:", request.verification_note)
        self.assertFalse(self.enrolment.result_ids)
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_approve()
        request.with_user(self.manager).unit_ids = self.unit_steward
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "recognised")
        self.assertEqual(self.enrolment.result_ids.recognition_id, request)
        self.assertEqual(self.enrolment.ects_recognised, 6.0)
        self.assertEqual(request._mc_edc_issuer()["country"], "PT")

    def test_edc_without_status_needs_no_list(self):
        request = self._request(self._seal(self._payload(status=False)), lists="[]")
        self.assertEqual(request.state, "requested")

    def test_tampered_edc_is_refused(self):
        sealed = json.loads(self._seal(self._payload()))
        payload = json.loads(sealed["payload"])
        payload["credentialSubject"]["hasClaim"][0]["title"] = {"en": "PhD"}
        sealed["payload"] = json.dumps(payload)
        self._refused(json.dumps(sealed), "does not verify: seal: seal does not match")

    def test_seal_of_an_untrusted_authority_is_refused(self):
        other_key, other_ca = make_test_ca("Diploma Mill", "PT")
        key, chain = issue_test_seal(other_key, other_ca, "Diploma Mill", "PT")
        text = self._seal(self._payload(), key, chain)
        self._refused(text, "does not verify: chain:")

    def test_issuer_not_on_the_list_is_refused(self):
        payload = self._payload()
        payload["issuer"]["id"] = "did:web:diploma-mill.example"
        self._refused(self._seal(payload), "not on the list of trusted issuers")

    def test_trusted_issuer_without_certificate_is_refused(self):
        self.trusted.write({"kind": "did", "certificate": False})
        self._refused(self._seal(self._payload()), "without a registered certificate")

    def test_expired_seal_certificate_is_refused(self):
        key, chain = issue_test_seal(
            self.ca_key,
            self.ca_cert,
            "University Elsewhere",
            "PT",
            not_before=datetime.now(timezone.utc) - timedelta(days=400),
            days=30,
        )
        self._refused(self._seal(self._payload(), key, chain), "certificate expired")

    def test_expired_credential_is_refused(self):
        text = self._seal(self._payload(valid_until="2026-06-30T00:00:00Z"))
        self._refused(text, "validity: expired")

    def test_revoked_edc_is_refused(self):
        self.revocations.set(42)
        self._refused(self._seal(self._payload()), "status: revoked")

    def test_missing_status_list_is_refused(self):
        self._refused(self._seal(self._payload()), "not available", lists="[]")

    def test_another_learner_is_refused(self):
        text = self._seal(self._payload(email="mallory@example.org"))
        self._refused(text, "names another person")

    def test_same_edc_twice_is_refused(self):
        text = self._seal(self._payload())
        self._request(text)
        with self.assertRaisesRegex(UserError, "already recognised or requested"):
            self._request(text)
        self.assertEqual(len(self.enrolment.recognition_ids), 1)

    def test_broken_seal_is_refused(self):
        sealed = json.loads(self._seal(self._payload()))
        sealed["signatures"] = []
        self._refused(json.dumps(sealed), "not a sealed European Digital Credential")

    def test_certificate_issuer_needs_a_certificate(self):
        with self.assertRaisesRegex(ValidationError, "at least one certificate"):
            self.env["mc.trusted.issuer"].create(
                {
                    "name": "No certificate",
                    "issuer_ref": "did:web:nocert.example",
                    "kind": "certificate",
                    "certificate": "not a certificate",
                }
            )
