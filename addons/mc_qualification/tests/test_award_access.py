# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common_award import AwardCommon

# model: {role: "crud"} — the letters each role is granted.
MATRIX = {
    "mc.student.identifier": {"employee": "", "officer": "crud", "manager": "crud"},
    "mc.edition": {"employee": "", "officer": "cru", "manager": "crud"},
    "mc.enrolment": {"employee": "", "officer": "cru", "manager": "crud"},
    "mc.result": {"employee": "", "officer": "crud", "manager": "crud"},
    "mc.grade.conversion": {"employee": "", "officer": "r", "manager": "crud"},
    "mc.grade.conversion.line": {"employee": "", "officer": "r", "manager": "crud"},
    "mc.award": {"employee": "", "officer": "cru", "manager": "crud"},
    "mc.award.line": {"employee": "", "officer": "crud", "manager": "crud"},
    "mc.award.revoke": {"employee": "", "officer": "cru", "manager": "crud"},
    "mc.award.issue.job": {"employee": "", "officer": "cru", "manager": "crud"},
    "mc.award.issue.job.line": {"employee": "", "officer": "crud", "manager": "crud"},
}
OPERATIONS = {"c": "create", "r": "read", "u": "write", "d": "unlink"}


@tagged("post_install", "-at_install")
class TestAwardAccessMatrix(AwardCommon):
    """Role × model × CRUD: exactly the documented rights, no more."""

    def test_access_matrix(self):
        users = {
            "employee": self.employee,
            "officer": self.officer,
            "manager": self.manager,
        }
        for model, rights in MATRIX.items():
            for role, granted in rights.items():
                records = self.env[model].with_user(users[role]).browse()
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            records.has_access(operation),
                            letter in granted,
                            f"{role} {operation} {model}",
                        )

    def test_officer_issues_but_only_manager_revokes(self):
        enrolment = self._make_enrolments(1)
        enrolment.with_user(self.officer).action_issue_award()
        award = enrolment.award_id
        self.assertEqual(award.state, "issued")
        self.assertFalse(award.with_user(self.officer).has_access("unlink"))
        award.with_user(self.manager)._suspend("Check")
        self.assertEqual(award.state, "suspended")

    def test_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other registry"})
        enrolment = self._make_enrolments(1)
        enrolment.with_user(self.officer).action_issue_award()
        self.officer.write(
            {"company_ids": [(4, other_company.id)], "company_id": other_company.id}
        )
        officer_env = self.env(
            user=self.officer, context={"allowed_company_ids": [other_company.id]}
        )
        self.assertFalse(
            officer_env["mc.award"].search([("id", "=", enrolment.award_id.id)])
        )
