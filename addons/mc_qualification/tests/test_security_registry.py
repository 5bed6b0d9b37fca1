# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Security guards generated from the registry, so that what is added later is
checked too:

* every model of an ``mc_*`` module has access rules, none open to everyone;
* a read matrix per role: a model added later is readable by registry staff only
  until this table says otherwise (the finance officer never reads grades);
* every ``auth="public"`` route of the ``mc_*`` addons is listed here, answers
  hostile input without a server error and never reflects it unescaped;
* a learner named ``<script>alert(1)</script>`` renders escaped on the public
  pages, the portal, the QWeb reports (HTML and PDF text) and the e-mails.
"""

import random
import shutil
import string
import subprocess
import tempfile

from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase, TransactionCase

from .common_credentials import CredentialsFixture

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

ROLES = {
    "officer": "mc_qualification.mc_qualification_group_officer",
    "manager": "mc_qualification.mc_qualification_group_manager",
    "recognition": "mc_professional.mc_professional_group_recognition_officer",
    "finance": "mc_professional.mc_professional_group_finance_officer",
    "body_portal": "mc_professional.mc_professional_group_portal",
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "public": "base.group_public",
}
# Registry staff read every model of the product. Any other role reads a model only
# when it is listed here: a new model is closed to them until it is reviewed.
STAFF = {"officer", "manager"}
EXTRA_READERS = {
    # portal users (learners, professional-body users): their own awards (record rule)
    "mc.award": {"recognition", "portal", "body_portal"},
    "mc.programme": {"recognition", "finance", "body_portal"},
    "mc.edition": {"finance"},
    # programme design data, so that both mc_professional officer groups can open the
    # programme forms they reach (read only)
    **{
        model: {"recognition", "finance"}
        for model in (
            "mc.mobility.window",
            "mc.partnership",
            "mc.partnership.member",
            "mc.programme.alignment",
            "mc.programme.stacking",
            "mc.programme.unit",
            "mc.qualification.type",
            "mc.signatory",
        )
    },
    "mc.enrolment": {"finance"},
    "mc.professional.body": {"recognition", "finance", "body_portal"},
    "mc.accreditation": {"recognition", "body_portal"},
    "mc.cpd.record": {"recognition", "body_portal"},
    "mc.funder": {"finance"},
    "mc.funding.agreement": {"finance"},
    "mc.funded.place": {"finance"},
}
# Explicit "never" rows, checked even if someone widens EXTRA_READERS by mistake.
NEVER_READS = {
    "finance": {
        "mc.result",
        "mc.award",
        "mc.award.line",
        "mc.grade.conversion",
        "mc.grade.conversion.line",
        "mc.student.identifier",
        "mc.signing.key",
    },
    "recognition": {"mc.result", "mc.signing.key", "mc.student.identifier"},
    "portal": {"mc.result", "mc.enrolment", "mc.signing.key", "mc.status.list"},
    "public": {"mc.award", "mc.result", "mc.signing.key", "mc.programme"},
    "employee": {"mc.award", "mc.result", "mc.signing.key", "mc.enrolment"},
}
# Roles that must be able to read these models (the product is unusable otherwise).
MUST_READ = {
    "officer": {"mc.award", "mc.enrolment", "mc.result", "mc.programme"},
    "finance": {"mc.funding.agreement", "mc.enrolment"},
    "recognition": {"mc.accreditation", "mc.cpd.record"},
}
# Models of the product that may be open to portal users: each needs a record rule.
PORTAL_GROUPS = ("base.group_portal", "mc_professional.mc_professional_group_portal")


def mc_models(env):
    """Concrete models first defined by an mc_* module (wizards included)."""
    return sorted(
        name
        for name, model in env.registry.items()
        if not model._abstract and (model._original_module or "").startswith("mc_")
    )


@tagged("post_install", "-at_install", "mc_security")
class TestSecurityRegistry(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {}
        for role, xmlid in ROLES.items():
            if cls.env.ref(xmlid, raise_if_not_found=False):
                cls.users[role] = new_test_user(
                    cls.env,
                    login=f"sec_{role}",
                    groups=xmlid,
                    context={"no_reset_password": True},
                )
        cls.models = mc_models(cls.env)

    def _readers(self, model):
        return {
            role
            for role, user in self.users.items()
            if self.env[model].with_user(user).has_access("read")
        }

    def test_registry_sees_the_product_models(self):
        """Guard the guard: the introspection finds the product's models."""
        for name in ("mc.programme", "mc.enrolment", "mc.award", "mc.result"):
            self.assertIn(name, self.models)

    def test_every_model_has_access_rules(self):
        Access = self.env["ir.model.access"]
        missing = [
            name
            for name in self.models
            if not Access.search_count([("model_id.model", "=", name)])
        ]
        self.assertFalse(missing, f"models without access rules: {missing}")

    def test_no_access_rule_open_to_everyone(self):
        """An access rule without group applies to every user, portal and public."""
        open_rules = self.env["ir.model.access"].search(
            [("model_id.model", "in", self.models), ("group_id", "=", False)]
        )
        self.assertFalse(
            open_rules, f"access rules without group: {open_rules.mapped('name')}"
        )

    def test_portal_and_public_never_write(self):
        groups = [
            self.env.ref(xmlid, raise_if_not_found=False)
            for xmlid in (*PORTAL_GROUPS, "base.group_public")
        ]
        groups = [group.id for group in groups if group]
        writable = self.env["ir.model.access"].search(
            [
                ("model_id.model", "in", self.models),
                ("group_id", "in", groups),
                "|",
                "|",
                ("perm_write", "=", True),
                ("perm_create", "=", True),
                ("perm_unlink", "=", True),
            ]
        )
        self.assertFalse(
            writable, f"portal/public may change: {writable.mapped('name')}"
        )

    def test_portal_readable_models_have_record_rules(self):
        """A portal user reads only their own rows: a record rule must restrict them."""
        for xmlid in PORTAL_GROUPS:
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if not group:
                continue
            readable = (
                self.env["ir.model.access"]
                .search(
                    [
                        ("model_id.model", "in", self.models),
                        ("group_id", "in", group.ids),
                        ("perm_read", "=", True),
                    ]
                )
                .mapped("model_id.model")
            )
            for model in readable:
                rules = self.env["ir.rule"].search(
                    [
                        ("model_id.model", "=", model),
                        ("perm_read", "=", True),
                        "|",
                        ("groups", "in", group.ids),
                        ("groups", "=", False),
                    ]
                )
                with self.subTest(group=xmlid, model=model):
                    self.assertTrue(rules, f"{xmlid} reads {model} without record rule")

    def test_read_matrix(self):
        """Who may read what: registry staff everything, others what is listed."""
        self.assertIn("finance", self.users, "mc_professional's roles are checked too")
        for model in self.models:
            readers = self._readers(model)
            transient = self.env[model]._transient
            with self.subTest(model=model):
                self.assertIn("manager", readers, f"the registry manager reads {model}")
                allowed = STAFF | EXTRA_READERS.get(model, set())
                self.assertLessEqual(
                    readers,
                    allowed,
                    f"{model} is readable by {sorted(readers - allowed)}: review "
                    "the access rules, or extend EXTRA_READERS if it is intended",
                )
                if not transient:
                    self.assertIn("officer", readers)

    def test_never_reads(self):
        for role, models in NEVER_READS.items():
            user = self.users.get(role)
            if not user:
                continue
            for model in sorted(models & set(self.models)):
                with self.subTest(role=role, model=model):
                    self.assertFalse(
                        self.env[model].with_user(user).has_access("read"),
                        f"{role} must not read {model}",
                    )

    def test_must_read(self):
        for role, models in MUST_READ.items():
            user = self.users.get(role)
            if not user:
                continue
            for model in sorted(models & set(self.models)):
                with self.subTest(role=role, model=model):
                    self.assertTrue(self.env[model].with_user(user).has_access("read"))

    def test_private_key_field_is_for_administrators_only(self):
        field = self.env["mc.signing.key"]._fields["private_key_multibase"]
        self.assertEqual(field.groups, "base.group_system")
        self.assertFalse(field.is_accessible(self.env(user=self.users["manager"])))
        self.assertTrue(
            field.is_accessible(self.env(user=self.env.ref("base.user_admin")))
        )

    def test_no_unescaped_output_directive_in_views(self):
        """t-raw (deprecated) prints unescaped: no view of the product has it."""
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.ui.view"), ("module", "=like", "mc_%")]
        )
        views = self.env["ir.ui.view"].browse(data.mapped("res_id")).exists()
        self.assertTrue(views)
        offenders = views.filtered(lambda v: "t-raw" in (v.arch_db or ""))
        self.assertFalse(offenders, f"views using t-raw: {offenders.mapped('key')}")


# Every auth="public" route of the mc_* addons, reviewed. A new public route fails
# test_every_public_route_is_reviewed until it is added here.
PUBLIC_ROUTES = {
    "/mc/verify/<string:token>",
    "/mc/verify/<string:token>/credential.json",
    "/mc/verify",
    "/mc/verify/upload",
    "/mc/issuers/<string:slug>/did.json",
    "/mc/status/<string:purpose>/<string:slug>",
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
        parts = url.split("/")
        converters = [i for i, part in enumerate(parts) if part.startswith("<")]
        if not converters:
            return [url]
        urls = []
        for value in values:
            probe = list(parts)
            for i in converters:
                probe[i] = value
            urls.append("/".join(probe))
        return urls

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
