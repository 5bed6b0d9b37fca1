# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import McQualificationCase

FULL = "rwcd"
NONE = ""
# model: {role: operations allowed (r read, w write, c create, d delete)}
MATRIX = {
    "mc.signatory": {"officer": "rwc", "manager": FULL},
    "mc.partnership": {"officer": "rwc", "manager": FULL},
    "mc.partnership.member": {"officer": FULL, "manager": FULL},
    "mc.qualification.type": {"officer": "r", "manager": FULL},
    "mc.programme": {"officer": "rwc", "manager": FULL},
    "mc.programme.unit": {"officer": FULL, "manager": FULL},
    "mc.mobility.window": {"officer": FULL, "manager": FULL},
    "mc.programme.stacking": {"officer": FULL, "manager": FULL},
    "mc.programme.alignment": {"officer": FULL, "manager": FULL},
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "d": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(McQualificationCase):
    """Role × model × CRUD: registry officer, registry manager, plain employee and
    portal user."""

    def test_matrix(self):
        users = {
            "officer": self.officer,
            "manager": self.manager,
            "employee": self.employee,
            "portal": self.portal,
        }
        for model, rights in MATRIX.items():
            for role, user in users.items():
                allowed = rights.get(role, NONE)
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self.env[model].with_user(user).has_access(operation),
                            letter in allowed,
                        )

    def test_every_model_has_registry_access_lines(self):
        """Every model of the addon, present or future, has ACL lines for both
        registry groups and none for portal or public users."""
        models = self.env["ir.model"].search([("model", "=like", "mc.%")])
        officer = self.env.ref("mc_qualification.mc_qualification_group_officer")
        manager = self.env.ref("mc_qualification.mc_qualification_group_manager")
        ours = models.filtered(
            lambda m: "mc_qualification" in m.modules.split(", ")
            and not self.env[m.model]._abstract
        )
        for model in ours:
            with self.subTest(model=model.model):
                groups = (
                    self.env["ir.model.access"]
                    .search([("model_id", "=", model.id)])
                    .group_id
                )
                self.assertIn(officer, groups)
                self.assertIn(manager, groups)
                self.assertFalse(groups.filtered("share"))
        self.assertTrue(set(MATRIX) <= set(models.mapped("model")))

    def test_employee_cannot_read_a_programme(self):
        programme = self._programme("ACC1", [5.0])
        with self.assertRaises(AccessError):
            programme.with_user(self.employee).read(["name"])
        with self.assertRaises(AccessError):
            programme.with_user(self.portal).read(["name"])

    def test_officer_designs_but_does_not_delete(self):
        programme = self.Programme.with_user(self.officer).create(
            {
                "name": "Officer programme",
                "code": "ACC2",
                "partnership_id": self.partnership.id,
                "eqf_level": 6,
                "unit_ids": [self._unit("Unit", 5.0)],
            }
        )
        programme.unit_ids.with_user(self.officer).unlink()
        self.assertFalse(programme.unit_ids)
        with self.assertRaises(AccessError):
            programme.with_user(self.officer).unlink()
        with self.assertRaises(AccessError):
            self.qtype("cmf").with_user(self.officer).write({"eqf_min": 6})
        self.assertEqual(self.qtype("cmf").eqf_min, 5)

    def test_company_rule(self):
        other = self.env["res.company"].create({"name": "Other registry"})
        partnership = self.env["mc.partnership"].create(
            {"name": "Other alliance", "code": "OTH", "company_id": other.id}
        )
        programme = self.Programme.create(
            {
                "name": "Elsewhere",
                "code": "ACC3",
                "partnership_id": partnership.id,
                "company_id": other.id,
            }
        )
        Programme = self.Programme.with_user(self.officer)
        self.assertFalse(Programme.search([("code", "=", "ACC3")]))
        self.assertFalse(
            self.env["mc.partnership"]
            .with_user(self.officer)
            .search([("code", "=", "OTH")])
        )
        self.officer.write({"company_ids": [(4, other.id)]})
        self.assertEqual(
            Programme.with_context(allowed_company_ids=[other.id]).search(
                [("code", "=", "ACC3")]
            ),
            programme,
        )
