# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Security guards of the public surface:

* every ``auth="public"`` route of the ``mc_*`` addons is listed here, answers
  hostile input without a server error and never reflects it unescaped;
* a learner named ``<script>alert(1)</script>`` renders escaped on the public
  pages, the portal, the QWeb reports (HTML and PDF text) and the e-mails.
"""

import random
import re
import shutil
import string
import subprocess
import tempfile

from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase

from odoo.addons.mc_qualification.tests.test_security_registry import ESCAPED, PAYLOAD

from .common_credentials import CredentialsFixture

# Every auth="public" route of the mc_* addons, reviewed. A new public route fails
# test_every_public_route_is_reviewed until it is added here.
PUBLIC_ROUTES = {
    "/mc/verify/<string:token>",
    "/mc/verify/<string:token>/credential.json",
    "/mc/verify",
    "/mc/verify/upload",
    "/mc/issuers/<string:slug>/did.json",
    "/mc/status/<string:purpose>/<string:slug>",
    # mc_edc: the sealed EDC by unguessable token (same lookup as the page), the
    # static JSON-LD context, the catalogue of published programmes (public
    # information, sudo limited to state "published")
    "/mc/verify/<string:token>/edc",
    "/mc_edc/contexts/edc-issued-v1.jsonld",
    "/mc/elm/programmes",
    "/mc/elm/programmes/<int:programme_id>",
    # mc_professional: the published programmes of an ILA scheme, the code
    # matched against SCHEME_CODE, only PUBLIC_PROGRAMME_FIELDS
    "/mc/ila/<string:code>/programmes.<any(json,csv):fmt>",
}
HOSTILE = [
    "0",
    "1",
    "-1",
    "' OR '1'='1",
    "1;DROP TABLE mc_award",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "%25",
    PAYLOAD,
    "{{7*7}}",
    "${7*7}",
    "ÿ€😀",
    "a" * 600,
    "revocation",
    "suspension",
]

CONVERTER = re.compile(r"<[^>]+>")
ANY_CONVERTER = re.compile(r"<any\(([^,)]+)[^>]*>")


@tagged("post_install", "-at_install", "mc_security")
class TestPublicSurface(CredentialsFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()
        cls.evil = cls._learner(PAYLOAD, email="evil@example.org")
        cls.award = cls._issue(cls.evil)
        cls.entry = cls.award.status_entry_ids[:1]

    def _public_rules(self):
        routing_map = self.env["ir.http"].routing_map()
        rules = {}
        for rule in routing_map.iter_rules():
            endpoint = rule.endpoint
            module = getattr(endpoint, "__module__", "") or ""
            if not module.startswith("odoo.addons.mc_"):
                continue
            if endpoint.routing.get("auth") == "public":
                rules[rule.rule] = endpoint.routing
        return rules

    def test_every_public_route_is_reviewed(self):
        rules = self._public_rules()
        self.assertTrue(rules, "the routing map introspection finds the routes")
        self.assertEqual(
            set(rules),
            PUBLIC_ROUTES,
            "review each new auth='public' route (lookups by unguessable token, "
            "sudo() limited to whitelisted values, no 500 on any input) and add "
            "it to PUBLIC_ROUTES",
        )
        for url, routing in rules.items():
            with self.subTest(url=url):
                self.assertEqual(routing.get("type"), "http")
                self.assertNotIn("PUT", routing.get("methods") or [])
                self.assertNotIn("DELETE", routing.get("methods") or [])

    def _probe_urls(self, url):
        """The route with every converter replaced by each hostile value, plus a few
        random tokens (seeded: the run is reproducible)."""
        rng = random.Random(8)
        values = HOSTILE + [
            "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=n))
            for n in (16, 32, 43, 64, 128)
        ]
        # a choice converter (<any(json,csv):fmt>) takes its first value, so that
        # the probe reaches the route; every other converter takes the value
        url = ANY_CONVERTER.sub(lambda match: match.group(1), url)
        if not CONVERTER.search(url):
            return [url]
        return [CONVERTER.sub(lambda _m, v=value: v, url) for value in values]

    def test_public_routes_answer_hostile_input_cleanly(self):
        for url, routing in sorted(self._public_rules().items()):
            methods = routing.get("methods") or ["GET"]
            for probe in self._probe_urls(url):
                with self.subTest(url=url, probe=probe[:80]):
                    if "GET" in methods:
                        response = self.url_open(probe, allow_redirects=False)
                    else:
                        response = self.url_open(
                            probe, data={"credential": PAYLOAD}, allow_redirects=False
                        )
                    self.assertLess(response.status_code, 500, probe)
                    self.assertNotIn(PAYLOAD.encode(), response.content)

    def test_public_routes_serve_the_real_documents(self):
        slug = self.uni_a.mc_issuer_slug
        status_list = self.entry.list_id
        for path in (
            f"/mc/verify/{self.award.verification_token}",
            "/mc/verify",
            f"/mc/issuers/{slug}/did.json",
            f"/mc/status/{status_list.purpose}/{status_list.slug}",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path).status_code, 200)

    def test_learner_name_escaped_on_verification_page(self):
        response = self.url_open(f"/mc/verify/{self.award.verification_token}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(PAYLOAD, response.text)
        self.assertIn(ESCAPED, response.text)

    def test_learner_name_escaped_in_portal(self):
        user = new_test_user(
            self.env,
            login="sec_evil_portal",
            groups="base.group_portal",
            partner_id=self.evil.id,
            name=PAYLOAD,
            context={"no_reset_password": True},
        )
        self.authenticate(user.login, user.login)
        checked = 0
        for url in ("/my/awards", "/my"):
            response = self.url_open(url)
            if response.status_code != 200:
                continue
            checked += 1
            with self.subTest(url=url):
                self.assertNotIn(PAYLOAD, response.text)
        self.assertTrue(checked, "the portal pages answered")

    def _reports(self):
        return self.env["ir.actions.report"].search(
            [
                ("model", "=", "mc.award"),
                ("report_type", "in", ("qweb-pdf", "qweb-html")),
            ]
        )

    def test_learner_name_escaped_in_report_html(self):
        for report in self._reports():
            with self.subTest(report=report.report_name):
                html, __ = self.env["ir.actions.report"]._render_qweb_html(
                    report.report_name, self.award.ids
                )
                html = html.decode() if isinstance(html, bytes) else html
                self.assertNotIn(PAYLOAD, html)
                self.assertIn(ESCAPED, html)

    def test_learner_name_is_text_in_pdf(self):
        """Escaped, the name is printed as text; unescaped, the browser engine would
        run it as a script and print nothing."""
        reports = self._reports().filtered(lambda r: r.report_type == "qweb-pdf")
        if not reports or not shutil.which("pdftotext"):
            self.skipTest("no PDF report of awards, or no pdftotext")
        # force_report_rendering: a real wkhtmltopdf run (tests get HTML otherwise)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, __ = Report._render_qweb_pdf(reports[0].report_name, self.award.ids)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        self.assertIn(PAYLOAD, text)

    def test_learner_name_escaped_in_mail_templates(self):
        data = self.env["ir.model.data"].search(
            [("model", "=", "mail.template"), ("module", "=like", "mc_%")]
        )
        templates = self.env["mail.template"].browse(data.mapped("res_id")).exists()
        for template in templates.filtered(lambda t: t.model == "mc.award"):
            with self.subTest(template=template.name):
                body = template._render_field("body_html", self.award.ids)[
                    self.award.id
                ]
                self.assertNotIn(PAYLOAD, str(body))
