# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestSecurityGroups(TransactionCase):
    """The two access levels of the registry office nest as documented."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="mc_officer",
            groups="mc_qualification.mc_qualification_group_officer",
        )
        cls.manager = new_test_user(
            cls.env,
            login="mc_manager",
            groups="mc_qualification.mc_qualification_group_manager",
        )
        cls.employee = new_test_user(
            cls.env, login="mc_employee", groups="base.group_user"
        )

    def test_manager_is_also_officer(self):
        self.assertTrue(
            self.manager.has_group("mc_qualification.mc_qualification_group_officer")
        )
        self.assertFalse(
            self.officer.has_group("mc_qualification.mc_qualification_group_manager")
        )

    def test_plain_employee_has_no_registry_access(self):
        self.assertFalse(
            self.employee.has_group("mc_qualification.mc_qualification_group_officer")
        )

    def test_groups_share_one_category(self):
        officer_group = self.env.ref("mc_qualification.mc_qualification_group_officer")
        manager_group = self.env.ref("mc_qualification.mc_qualification_group_manager")
        self.assertEqual(officer_group.category_id, manager_group.category_id)
        self.assertEqual(officer_group.category_id.name, "Micro-credentials")

    def test_app_menu_only_for_registry_staff(self):
        root = self.env.ref("mc_qualification.mc_qualification_menu_root")
        self.assertIn(
            self.env.ref("mc_qualification.mc_qualification_group_officer"),
            root.groups_id,
        )
