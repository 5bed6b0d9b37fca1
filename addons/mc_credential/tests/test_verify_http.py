# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import string
from datetime import date

from hypothesis import (
    HealthCheck,
    given,
    settings,
    strategies as st,
)

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from ..controllers import mc_verify
from .common_credentials import CredentialsFixture

TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_.~%!$'()*+,;=:@"


@tagged("post_install", "-at_install", "mc_credentials")
class TestVerifyHttp(CredentialsFixture, HttpCase):
    """The public verification routes: what they show, what they never show,
    their headers, and that no input makes them fail with a 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.learner = cls._learner(
            "Hedy Lamarr",
            email="hedy.secret@example.org",
            birth_date=date(1914, 11, 9),
            birth_place="Vienna",
        )
        cls.env["mc.student.identifier"].create(
            {
                "learner_id": cls.learner.id,
                "institution_id": cls.uni_a.id,
                "identifier": "STU-991177",
            }
        )
        cls.award = cls._issue(cls.learner, classification="Excellent")

    def _page(self, award=None):
        return self.url_open(f"/mc/verify/{(award or self.award).verification_token}")

    def assertPrivacyHeaders(self, response):
        self.assertEqual(response.headers["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")

    def test_page_shows_the_public_facts(self):
        response = self._page()
        self.assertEqual(response.status_code, 200)
        self.assertPrivacyHeaders(response)
        html = response.text
        self.assertIn('<meta name="robots" content="noindex, nofollow"', html)
        for text in (
            "Hedy Lamarr",
            "Data Stewardship",
            self.programme.qualification_type_id.name,
            "Aurora University",
            "Borealis University",
            "Caledonia University",
            'class="mc-status mc-status-valid"',
        ):
            self.assertIn(text, html)
        # one signature line per co-issuer, all valid
        self.assertEqual(html.count("signature valid"), 3)

    def test_page_leaks_no_private_field(self):
        html = self._page().text
        for secret in (
            "hedy.secret@example.org",
            "1914",
            "Vienna",
            "STU-991177",
            "Excellent",  # grade: the learner did not opt in
            "/web/",  # no link into the back-end
            str(self.award.id) + "/",
        ):
            self.assertNotIn(secret, html)
        self.assertNotIn(self.award.credential_uuid, html)

    def test_grade_shown_only_after_opt_in(self):
        self.assertNotIn("Excellent", self._page().text)
        self.assertEqual(
            self.url_open(
                f"/mc/verify/{self.award.verification_token}/credential.json"
            ).status_code,
            404,
        )
        self.award.public_show_grade = True
        self.assertIn("Excellent", self._page().text)
        download = self.url_open(
            f"/mc/verify/{self.award.verification_token}/credential.json"
        )
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.text, self.award.credential_json)
        self.assertPrivacyHeaders(download)

    def test_revoked_status_on_page(self):
        self.award.with_user(self.manager)._revoke("Fraud")
        html = self._page().text
        self.assertIn('class="mc-status mc-status-revoked"', html)
        self.assertNotIn('class="mc-status mc-status-valid"', html)

    def test_cached_page_follows_the_live_status(self):
        """The rendered page is kept per process while nothing it shows changed
        (one query checks that); a revocation, a suspension and a reinstatement
        each show on the very next view."""
        first = self._page().text
        self.assertIn('class="mc-status mc-status-valid"', first)
        key = next(k for k in mc_verify._PAGES if k[2] == self.award.id)
        self.assertEqual(self._page().text, first)
        cached_at = mc_verify._PAGES[key]
        self.award.with_user(self.manager)._suspend("Under review")
        self.assertIn('class="mc-status mc-status-suspended"', self._page().text)
        self.assertNotEqual(mc_verify._PAGES[key][0], cached_at[0])
        self.award.with_user(self.manager).action_reinstate()
        self.assertIn('class="mc-status mc-status-valid"', self._page().text)
        self.award.with_user(self.manager)._revoke("Fraud")
        self.assertIn('class="mc-status mc-status-revoked"', self._page().text)

    def test_cached_page_per_language_and_validity(self):
        english = self.url_open(
            f"/mc/verify/{self.award.verification_token}?lang=en_US"
        ).text
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self.url_open(
            f"/mc/verify/{self.award.verification_token}?lang=fr_FR"
        ).text
        self.assertIn('lang="fr-FR"', french)
        self.assertIn('lang="en-US"', english)
        # never kept beyond the end of the credential's validity
        mc_verify._PAGES.clear()
        self.award.credential_valid_until = date(2000, 1, 1)
        self._page()
        self.assertFalse([k for k in mc_verify._PAGES if k[2] == self.award.id])

    def test_renewed_and_withdrawn_links(self):
        old = self.award.verification_token
        self.award.action_renew_public_link()
        self.assertEqual(self.url_open(f"/mc/verify/{old}").status_code, 404)
        self.assertEqual(self._page().status_code, 200)
        self.award.action_withdraw_public_link()
        self.assertFalse(self.award.verification_token)

    def test_wrong_tokens_give_404(self):
        good = self.award.verification_token
        for token in (
            "x",
            "0" * 32,
            good[:-1] + ("B" if good.endswith("A") else "A"),  # one character off
            str(self.award.id),
            "%00%00",
        ):
            response = self.url_open(f"/mc/verify/{token}")
            self.assertEqual(response.status_code, 404, token)
            self.assertPrivacyHeaders(response)
            self.assertIn("Credential not found", response.text)
        # a path that leaves the route: Odoo's own 404, still no 500
        self.assertEqual(
            self.url_open("/mc/verify/..%2F..%2Fetc%2Fpasswd").status_code, 404
        )

    @settings(
        max_examples=50,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        database=None,
    )
    @given(token=st.text(alphabet=TOKEN_ALPHABET, min_size=0, max_size=200))
    def test_fuzzed_tokens_never_500(self, token):
        response = self.url_open(f"/mc/verify/{token}")
        self.assertIn(response.status_code, (200, 301, 302, 308, 404), token)
        response = self.url_open(f"/mc/verify/{token}/credential.json")
        self.assertIn(response.status_code, (301, 302, 308, 404), token)

    def _upload(self, content, name="credential.json"):
        return self.url_open(
            "/mc/verify/upload",
            data={},
            files={"credential": (name, content, "application/json")},
        )

    def test_upload_verifies_a_good_credential(self):
        response = self._upload(self.award.credential_json.encode())
        self.assertEqual(response.status_code, 200)
        self.assertPrivacyHeaders(response)
        self.assertIn('class="mc-status mc-status-valid"', response.text)
        self.assertEqual(response.text.count("signature valid"), 3)

    def test_upload_names_the_partner_whose_proof_is_missing(self):
        document = json.loads(self.award.credential_json)
        document["proof"] = document["proof"][:2]
        response = self._upload(json.dumps(document).encode())
        self.assertEqual(response.status_code, 200)
        self.assertIn('class="mc-status mc-status-invalid"', response.text)
        self.assertIn("Caledonia University", response.text)
        self.assertIn("signature not valid", response.text)

    def test_malformed_uploads_never_500(self):
        for content in (
            b"",
            b"not json",
            b"\xff\xfe\x00garbage",
            b"[]",
            b"null",
            b'{"@context": 5}',
            b'{"proof": [1, 2, 3]}',
            b"[" * 5000 + b"]" * 5000,
            json.dumps({"@context": ["https://evil.example/ctx"], "a": 1}).encode(),
            b"x" * (600 * 1024),
        ):
            response = self._upload(content)
            self.assertIn(response.status_code, (200, 400), content[:40])
            self.assertNotIn("Traceback", response.text)
        self.assertEqual(
            self.url_open("/mc/verify/upload", data={"nothing": "1"}).status_code, 400
        )

    @settings(max_examples=30, deadline=None, database=None)
    @given(
        payload=st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda children: st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=10), children, max_size=4),
            max_leaves=20,
        )
    )
    def test_fuzzed_uploads_never_500(self, payload):
        response = self._upload(json.dumps(payload).encode())
        self.assertEqual(response.status_code, 200)

    def test_controller_document(self):
        self.uni_b.with_user(self.manager).action_generate_signing_key()
        response = self.url_open(f"/mc/issuers/{self.uni_b.mc_issuer_slug}/did.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertEqual(document["id"], self.uni_b.mc_did)
        self.assertEqual(len(document["verificationMethod"]), 2)
        self.assertNotIn("private", response.text.lower())
        self.assertEqual(
            self.url_open("/mc/issuers/no-such-issuer/did.json").status_code, 404
        )
        self.assertEqual(self.url_open("/mc/issuers/%2E%2E/did.json").status_code, 404)

    def test_status_list_route(self):
        entry = self.award.status_entry_ids.filtered(
            lambda e: e.purpose == "revocation"
        )
        url = entry.list_id.url
        path = url[url.index("/mc/status/") :]
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("max-age=300", response.headers["Cache-Control"])
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertEqual(response.json()["id"], url)
        etag = response.headers["ETag"]
        again = self.url_open(path, headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        self.award.with_user(self.manager)._revoke("Fraud")
        changed = self.url_open(path, headers={"If-None-Match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed.headers["ETag"], etag)
        for bad in ("/mc/status/other/x", "/mc/status/revocation/NOPE"):
            self.assertEqual(self.url_open(bad).status_code, 404)

    def test_page_in_requested_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        response = self.url_open(
            f"/mc/verify/{self.award.verification_token}?lang=fr_FR"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('lang="fr-FR"', response.text)
