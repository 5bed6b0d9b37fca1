# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Security guards generated from the registry, so that what is added later is
checked too:

* every model of an ``mc_*`` module has access rules, none open to everyone;
* a read matrix per role: a model added later is readable by registry staff only
  until this table says otherwise (the finance officer never reads grades);
* the public routes and the escaping of hostile names are checked by
  mc_credential's test_public_surface.
"""

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

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
    # finance data of mc_professional (docs/FINANCE.md): payer shares, learning-account
    # schemes and accounts are kept by finance; registry staff read them only
    "mc.funding.share": {"finance"},
    "mc.ila.scheme": {"finance"},
    "mc.learning.account": {"finance"},
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
    "finance": {
        "mc.funding.agreement",
        "mc.funded.place",
        "mc.funding.share",
        "mc.ila.scheme",
        "mc.learning.account",
        "mc.enrolment",
    },
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
