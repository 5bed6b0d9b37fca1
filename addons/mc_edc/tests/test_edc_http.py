# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import EdcFixture


@tagged("post_install", "-at_install")
class TestEdcHttp(EdcFixture, HttpCase):
    """The public EDC routes: download by token, upload check, catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_edc()
        cls.award = cls._issue(cls._learner("Hedy Lamarr", email="hedy@example.org"))
        cls.programme.state = "published"

    def _upload(self, content):
        return self.url_open(
            "/mc/verify/upload",
            data={},
            files={"credential": ("edc.json", content, "application/json")},
        )

    def test_download_by_token(self):
        response = self.url_open(f"/mc/verify/{self.award.verification_token}/edc")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, self.award.edc_json)
        self.assertIn("attachment;", response.headers["Content-Disposition"])
        page = self.url_open(f"/mc/verify/{self.award.verification_token}")
        self.assertIn(f"/mc/verify/{self.award.verification_token}/edc", page.text)
        self.assertEqual(
            self.url_open("/mc/verify/not-a-real-token-123/edc").status_code, 404
        )

    def test_upload_checks_an_edc(self):
        response = self._upload(self.award.edc_json.encode())
        self.assertEqual(response.status_code, 200)
        self.assertIn('class="mc-status mc-status-valid"', response.text)
        self.assertIn(
            "The seal certificate is one the institution registered.", response.text
        )
        sealed = json.loads(self.award.edc_json)
        sealed["payload"] = sealed["payload"].replace("Hedy", "Eve")
        response = self._upload(json.dumps(sealed).encode())
        self.assertIn('class="mc-status mc-status-invalid"', response.text)
        # an Open Badge still goes to its own verifier
        response = self._upload(self.award.credential_json.encode())
        self.assertIn('class="mc-status mc-status-valid"', response.text)

    def test_catalogue_routes(self):
        listing = self.url_open("/mc/elm/programmes")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("max-age=3600", listing.headers["Cache-Control"])
        self.assertTrue(
            listing.headers["Content-Type"].startswith("application/ld+json")
        )
        etag = listing.headers["ETag"]
        again = self.url_open("/mc/elm/programmes", headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        one = self.url_open(f"/mc/elm/programmes/{self.programme.id}")
        self.assertEqual(json.loads(one.text)["@graph"][0]["type"], "Qualification")
        self.programme.state = "draft"
        self.assertEqual(
            self.url_open(f"/mc/elm/programmes/{self.programme.id}").status_code, 404
        )
        context = self.url_open("/mc_edc/contexts/edc-issued-v1.jsonld")
        self.assertIn("credentials#issued", context.text)
