# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import json
from unittest.mock import patch

import psycopg2

from odoo import http
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from ..controllers import public_http
from .common_credentials import CredentialsFixture


@tagged("post_install", "-at_install", "mc_credentials")
class TestPublicHttp(CredentialsFixture, HttpCase):
    """Caching and outage behaviour of the public routes (issue #19): strong
    ETags, max-age from the status list's ttl, 304 to If-None-Match, no-store on
    the verification page, 503 with Retry-After when the database is
    unreachable. (The fallback to the primary for a token the replica has not
    replayed needs a real replica: `scripts/bench.sh --drill` checks it.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.award = cls._issue(cls._learner("Grace Hopper"))
        entry = cls.award.status_entry_ids.filtered(lambda e: e.purpose == "revocation")
        cls.status_list = entry.list_id
        url = cls.status_list.url
        cls.status_path = url[url.index("/mc/status/") :]
        cls.did_path = f"/mc/issuers/{cls.uni_a.mc_issuer_slug}/did.json"
        cls.page_path = f"/mc/verify/{cls.award.verification_token}"

    def assertCacheable(self, response, max_age):
        self.assertEqual(
            response.headers["Cache-Control"], f"public, max-age={max_age}"
        )
        etag = response.headers["ETag"]
        # strong: quoted, no W/ prefix
        self.assertRegex(etag, r'^"[0-9a-f]{64}"$')
        return etag

    def test_status_list_max_age_is_its_ttl(self):
        response = self.url_open(self.status_path)
        self.assertEqual(response.status_code, 200)
        ttl = self.status_list._ttl_seconds
        etag = self.assertCacheable(response, ttl)
        self.assertEqual(response.json()["credentialSubject"]["ttl"], ttl * 1000)
        self.assertEqual(etag, f'"{hashlib.sha256(response.content).hexdigest()}"')

    def test_status_list_conditional_get(self):
        etag = self.url_open(self.status_path).headers["ETag"]
        for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            again = self.url_open(self.status_path, headers={"If-None-Match": header})
            self.assertEqual(again.status_code, 304, header)
            self.assertEqual(again.content, b"")
            self.assertEqual(again.headers["ETag"], etag)
            self.assertIn("max-age=", again.headers["Cache-Control"])
        other = self.url_open(self.status_path, headers={"If-None-Match": '"other"'})
        self.assertEqual(other.status_code, 200)
        # a bit flips: a new version, a new tag, the old one no longer matches
        self.award.with_user(self.manager)._revoke("Fraud")
        changed = self.url_open(self.status_path, headers={"If-None-Match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed.headers["ETag"], etag)

    def test_did_document_conditional_get(self):
        response = self.url_open(self.did_path)
        self.assertEqual(response.status_code, 200)
        etag = self.assertCacheable(response, 300)
        self.assertEqual(etag, f'"{hashlib.sha256(response.content).hexdigest()}"')
        again = self.url_open(self.did_path, headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        # a new key: a new document version
        self.uni_a.with_user(self.manager).action_generate_signing_key()
        changed = self.url_open(self.did_path, headers={"If-None-Match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed.headers["ETag"], etag)
        self.assertEqual(len(changed.json()["verificationMethod"]), 2)

    def test_verification_page_and_download_are_never_stored(self):
        for path in (self.page_path, "/mc/verify/" + "x" * 32, "/mc/verify"):
            response = self.url_open(path)
            self.assertEqual(response.headers["Cache-Control"], "no-store", path)
            self.assertNotIn("ETag", response.headers)
        download = self.url_open(self.page_path + "/credential.json")
        if download.status_code == 200:
            self.assertEqual(download.headers["Cache-Control"], "no-store")
            self.assertNotIn("ETag", download.headers)
            self.assertEqual(
                json.loads(download.text)["type"][0], "VerifiableCredential"
            )

    def _database_down(self):
        down = http.RegistryError("Cannot get registry")
        down.__cause__ = psycopg2.OperationalError("connection refused")
        return patch.object(public_http._open_registry, "origin", side_effect=down)

    def test_database_unreachable_gives_503_never_404(self):
        paths = [
            self.page_path,
            self.page_path + "/credential.json",
            self.status_path,
            self.did_path,
        ]
        with self._database_down():
            for path in paths:
                response = self.url_open(path)
                self.assertEqual(response.status_code, 503, path)
                self.assertEqual(
                    response.headers["Retry-After"],
                    str(public_http.RETRY_AFTER_SECONDS),
                )
                self.assertEqual(response.headers["Cache-Control"], "no-store")
                self.assertEqual(response.headers["X-Robots-Tag"], "noindex, nofollow")
                self.assertIn("temporarily unavailable", response.text)
                self.assertIn('lang="en-US"', response.text)
        self.assertEqual(self.url_open(self.page_path).status_code, 200)
        # other routes keep Odoo's own behaviour (served without a database)
        self.assertFalse(public_http.is_public_path("/web/health"))
        self.assertFalse(public_http.is_public_path("/odoo/action-mc_award"))

    def test_unavailable_page_is_translated(self):
        with self._database_down():
            response = self.url_open(
                self.page_path, headers={"Accept-Language": "fr-FR,fr;q=0.9"}
            )
            self.assertEqual(response.status_code, 503)
            self.assertIn('lang="fr-FR"', response.text)
            french = public_http.UNAVAILABLE_TITLE._translate("fr_FR")
            self.assertNotEqual(
                french, public_http.UNAVAILABLE_TITLE._translate("en_US")
            )
            self.assertIn(french, response.text)
            german = self.url_open(f"{self.status_path}?lang=de_DE")
            self.assertIn(
                public_http.UNAVAILABLE_TITLE._translate("de_DE"), german.text
            )
            self.assertIn('lang="de-DE"', german.text)

    def test_every_public_route_is_covered_by_the_outage_answer(self):
        from .test_public_surface import PUBLIC_ROUTES

        for route in PUBLIC_ROUTES:
            path = route.replace("<string:", "x").replace(">", "")
            self.assertTrue(public_http.is_public_path(path), route)
