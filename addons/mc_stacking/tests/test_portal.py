# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ExternalIssuer, StackingFixture


@tagged("post_install", "-at_install", "mc_stacking")
class TestPortalPathway(StackingFixture, HttpCase):
    """The learner sees the pathway and asks for a recognition in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stacking()
        cls.user = new_test_user(
            cls.env,
            login="ada_portal",
            password="ada_portal_pw",
            groups="base.group_portal",
            name="Ada Lovelace",
            email="ada@example.org",
        )
        cls.ada = cls.user.partner_id
        cls.ada.is_learner = True
        cls._issue(cls.ada)
        cls.enrolment = cls._enrol(cls.ada)
        cls.enrolment.action_recognise_prior_awards()
        cls.other = cls._enrol(cls._learner("Bob", email="bob@example.org"))

    def test_pathway_values_are_the_learners_own(self):
        Enrolment = self.env["mc.enrolment"].with_user(self.user)
        enrolments = Enrolment._mc_portal_enrolments()
        self.assertIn(self.enrolment, enrolments)
        self.assertNotIn(self.other, enrolments)
        [values] = [
            v
            for v in enrolments._mc_portal_pathway_values()
            if v["id"] == self.enrolment.id
        ]
        self.assertEqual(values["ects_recognised"], 6.0)
        self.assertEqual(values["progress"], 30.0)
        self.assertEqual(
            [u["name"] for u in values["open_units"]],
            ["Research data services", "Capstone project"],
        )
        self.assertEqual(values["recognitions"][0]["achievement"], "Data Stewardship")
        self.assertTrue(values["expires"])
        with self.assertRaises(AccessError):
            self.other.with_user(self.user)._mc_portal_pathway_values()
        with self.assertRaises(AccessError):
            self.other.with_user(self.user)._mc_portal_request_recognition("{}")

    def test_pathway_page_and_upload(self):
        self.authenticate("ada_portal", "ada_portal_pw")
        page = self.url_open("/my/pathways")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Research Data Professional", page.text)
        self.assertIn("Units still open", page.text)
        self.assertNotIn("Bob", page.text)

        self.env["mc.trusted.issuer"].create(
            {
                "name": "University Elsewhere",
                "issuer_ref": ExternalIssuer.did,
                "controller_document": ExternalIssuer.controller_json(),
            }
        )
        files = {
            "credential": ("badge.json", ExternalIssuer.badge("ada@example.org")),
            "status_lists": ("list.json", ExternalIssuer.status_list()),
        }
        data = {"enrolment": str(self.enrolment.id), "csrf_token": self._csrf()}
        response = self.url_open("/my/pathways/recognition", data=data, files=files)
        self.assertEqual(response.status_code, 200)
        self.assertIn("sent to the registry", response.text)
        request = self.enrolment.recognition_ids.filtered(
            lambda r: r.source == "external"
        )
        self.assertEqual(request.state, "requested")

        files["credential"] = ("badge.json", ExternalIssuer.badge("eve@example.org"))
        response = self.url_open("/my/pathways/recognition", data=data, files=files)
        self.assertIn("names another person", response.text)
        self.assertEqual(len(self.enrolment.recognition_ids), 2)

        data["enrolment"] = str(self.other.id)
        self.url_open("/my/pathways/recognition", data=data, files=files)
        self.assertFalse(self.other.recognition_ids)

    def _csrf(self):
        page = self.url_open("/my/pathways")
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        return page.text[start : page.text.index('"', start)]
