# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ProfessionalCase

# model: {role: "crud" letters the role has}; a missing letter must be refused.
MATRIX = {
    "mc.professional.body": {
        "recognition": "crud",
        "finance": "r",
        "registry": "r",
        "portal": "r",
        "employee": "",
    },
    "mc.accreditation": {
        "recognition": "crud",
        "finance": "",
        "registry": "r",
        "portal": "r",
        "employee": "",
    },
    "mc.cpd.record": {
        "recognition": "r",
        "finance": "",
        "registry": "r",
        "portal": "r",
        "employee": "",
    },
    "mc.funder": {
        "recognition": "",
        "finance": "crud",
        "registry": "r",
        "portal": "",
        "employee": "",
    },
    "mc.funding.agreement": {
        "recognition": "",
        "finance": "crud",
        "registry": "r",
        "portal": "",
        "employee": "",
    },
    "mc.funded.place": {
        "recognition": "",
        "finance": "crud",
        "registry": "r",
        "portal": "",
        "employee": "",
    },
    "mc.funding.share": {
        "recognition": "",
        "finance": "crud",
        "registry": "r",
        "portal": "",
        "employee": "",
    },
    "mc.ila.scheme": {
        "recognition": "",
        "finance": "crud",
        "registry": "r",
        "portal": "",
        "employee": "",
    },
    "mc.learning.account": {
        "recognition": "",
        "finance": "crud",
        "registry": "r",
        "portal": "",
        "employee": "",
    },
    # Odoo's Invoicing: finance bills and collects; registry officers only see
    # on the places whether they are paid.
    "account.move": {
        "recognition": "",
        "finance": "crud",
        "registry": "",
        "employee": "",
    },
    "account.payment": {"recognition": "", "finance": "crud", "registry": ""},
    # Finance never reaches results, grades or signing keys.
    "mc.signing.key": {"recognition": "", "finance": "", "portal": ""},
    "mc.grade.conversion": {"finance": ""},
    # mc_qualification's models, as far as this addon's groups are concerned.
    "mc.programme": {"recognition": "r", "finance": "r", "portal": "r"},
    "mc.enrolment": {"recognition": "", "finance": "r", "portal": ""},
    "mc.edition": {"finance": "r", "portal": ""},
    "mc.result": {"recognition": "", "finance": "", "portal": ""},
    "mc.award": {"recognition": "r", "finance": "", "portal": ""},
}
OPERATIONS = {"c": "create", "r": "read", "u": "write", "d": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(ProfessionalCase):
    def test_access_matrix(self):
        users = {
            "recognition": self.recognition,
            "finance": self.finance,
            "registry": self.registry_user,
            "portal": self.portal_psy,
            "employee": self.employee,
        }
        for model, roles in MATRIX.items():
            if model not in self.env:
                continue  # e.g. signing keys, once they live in another addon
            for role, allowed in roles.items():
                records = self.env[model].with_user(users[role])
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            records.has_access(operation),
                            letter in allowed,
                            f"{role} {operation} {model}",
                        )

    def test_officers_can_open_the_forms_they_reach(self):
        """The forms behind the officers' menus and links load with their rights."""
        for user in (self.recognition, self.finance):
            Form(self.programme.with_user(user))
        accreditation = self._accreditation(self.body_psy)
        Form(accreditation.with_user(self.recognition))
        Form(self.body_psy.with_user(self.recognition))
        Form(
            self.enrolments[0].with_user(self.finance),
            view="mc_professional.mc_enrolment_view_form_funding",
        )

    def test_finance_officer_sees_no_personal_identifiers(self):
        """Field-level groups of the awards part keep learners' personal data
        and grades away from the finance officer."""
        Partner = self.env["res.partner"].with_user(self.finance)
        hidden = [
            name
            for name in ("birth_date", "birth_place", "student_identifier_ids")
            if name in Partner._fields
        ]
        if hidden:
            readable = Partner.fields_get(hidden)
            self.assertFalse(readable, f"finance officer can read {readable}")
        enrolment = self.enrolments[0].with_user(self.finance)
        self.assertEqual(enrolment.learner_id.name, "Ada Learner")
        with self.assertRaises(AccessError):
            self.env["mc.result"].with_user(self.finance).search([])

    def test_registry_sees_paid_not_invoices(self):
        """Registry officers read a place's payment status; the invoice lines
        are accounting's."""
        Place = self.env["mc.funded.place"]
        readable = Place.with_user(self.registry_user).fields_get()
        self.assertIn("payment_status", readable)
        self.assertNotIn("invoice_line_ids", readable)
        self.assertIn("invoice_line_ids", Place.with_user(self.finance).fields_get())
        Agreement = self.env["mc.funding.agreement"].with_user(self.registry_user)
        self.assertNotIn("amount_invoiced", Agreement.fields_get())
