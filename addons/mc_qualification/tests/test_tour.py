# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProgrammeTour(HttpCase):
    """A registry officer designs a programme in the browser and sends it for
    approval (headless Chromium)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="mc_tour_officer",
            password="mc_tour_officer",
            groups="mc_qualification.mc_qualification_group_officer",
            context={"no_reset_password": True},
        )
        north, south = cls.env["res.partner"].create(
            [
                {
                    "name": "Tour University North",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.be").id,
                },
                {
                    "name": "Tour University South",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.es").id,
                },
            ]
        )
        cls.env["mc.partnership"].create(
            {
                "name": "Tour Alliance",
                "code": "TOUR",
                "member_ids": [
                    (0, 0, {"institution_id": north.id, "role": "leading"}),
                    (0, 0, {"institution_id": south.id, "role": "partner"}),
                ],
            }
        )

    def test_officer_designs_a_programme(self):
        self.start_tour(
            "/odoo", "mc_qualification_programme_tour", login="mc_tour_officer"
        )
        programme = self.env["mc.programme"].search([("code", "=", "TOUR-DSN")])
        self.assertRecordValues(
            programme,
            [
                {
                    "name": "Data Skills for Nurses",
                    "ects": 5.0,
                    "eqf_level": 6,
                    "state": "approval",
                    "qualification_type_id": self.env.ref(
                        "mc_qualification.mc_qualification_type_cmf"
                    ).id,
                }
            ],
        )
        self.assertEqual(len(programme.unit_ids), 2)
        self.assertEqual(
            programme.alignment_ids.mapped("approval_state"), ["requested"] * 2
        )
