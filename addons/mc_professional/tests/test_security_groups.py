# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestProfessionalGroups(TransactionCase):
    def test_groups_live_in_the_micro_credentials_category(self):
        category = self.env.ref("mc_qualification.module_category_micro_credentials")
        for xmlid in (
            "mc_professional.mc_professional_group_recognition_officer",
            "mc_professional.mc_professional_group_finance_officer",
        ):
            self.assertEqual(self.env.ref(xmlid).category_id, category)

    def test_finance_officer_is_not_a_registry_officer(self):
        finance = self.env.ref("mc_professional.mc_professional_group_finance_officer")
        officer = self.env.ref("mc_qualification.mc_qualification_group_officer")
        self.assertNotIn(officer, finance.trans_implied_ids)
