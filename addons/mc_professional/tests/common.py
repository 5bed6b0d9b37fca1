# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fixtures of the professional recognition and funding tests.

Two professional bodies in different sectors (psychologists, IT professionals),
one partnership running a 5 ECTS programme with one edition, three learners
enrolled in it, and one least-privilege user per role. No demo data.
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.mc_qualification.tests.common import quiet_env

RECOGNITION = "mc_professional.mc_professional_group_recognition_officer"
FINANCE = "mc_professional.mc_professional_group_finance_officer"
PORTAL = "mc_professional.mc_professional_group_portal"
REGISTRY_OFFICER = "mc_qualification.mc_qualification_group_officer"
REGISTRY_MANAGER = "mc_qualification.mc_qualification_group_manager"


def setup_fixture(test, env):
    """Create the shared records on ``env``; set them as attributes of ``test``
    (a test class or instance). Used by the normal cases and, on a committed
    cursor, by the concurrency case."""
    _setup_programmes(test, env)
    _setup_enrolments(test, env)
    _setup_bodies(test, env)


def _setup_programmes(test, env):
    """Two universities in a partnership, two programmes, a rector each."""
    Partner = env["res.partner"]
    test.uni_a, test.uni_b = Partner.create(
        [
            {
                "name": "Prof Test University A",
                "is_company": True,
                "is_institution": True,
            },
            {
                "name": "Prof Test University B",
                "is_company": True,
                "is_institution": True,
            },
        ]
    )
    test.partnership = env["mc.partnership"].create(
        {
            "name": "Prof Test Alliance",
            "code": "PTA",
            "member_ids": [
                Command.create({"institution_id": test.uni_a.id, "role": "leading"}),
                Command.create({"institution_id": test.uni_b.id, "role": "partner"}),
            ],
        }
    )
    test.programme, test.other_programme = env["mc.programme"].create(
        [
            {
                "name": "Evidence-based Counselling",
                "code": "PT-EBC",
                "partnership_id": test.partnership.id,
                "hours": 135,
                "eqf_level": 7,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "Counselling methods",
                            "code": "PT-EBC1",
                            "ects": 3.0,
                            "hours": 80,
                            "institution_id": test.uni_a.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Supervised practice",
                            "code": "PT-EBC2",
                            "ects": 2.0,
                            "hours": 55,
                            "institution_id": test.uni_b.id,
                        }
                    ),
                ],
            },
            {
                "name": "Secure Software Engineering",
                "code": "PT-SSE",
                "partnership_id": test.partnership.id,
                "eqf_level": 6,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "Threat modelling",
                            "code": "PT-SSE1",
                            "ects": 4.0,
                            "institution_id": test.uni_a.id,
                        }
                    ),
                ],
            },
        ]
    )
    _setup_signatories(test, env)


def _setup_signatories(test, env):
    people = env["res.partner"].create([{"name": "Rector A"}, {"name": "Rector B"}])
    env["mc.signatory"].create(
        [
            {
                "institution_id": institution.id,
                "person_id": person.id,
                "function": "rector",
                "date_from": date(2020, 1, 1),
            }
            for institution, person in zip(test.uni_a | test.uni_b, people, strict=True)
        ]
    )
    (test.programme | test.other_programme).write({"state": "published"})


def _setup_enrolments(test, env):
    """An edition of each programme, learners enrolled, every unit passed."""
    Partner = env["res.partner"]
    test.edition, test.other_edition = env["mc.edition"].create(
        [
            {
                "name": "EBC spring 2026",
                "programme_id": test.programme.id,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 6, 30),
            },
            {
                "name": "SSE spring 2026",
                "programme_id": test.other_programme.id,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 6, 30),
            },
        ]
    )
    test.learners = Partner.create(
        [
            {"name": "Ada Learner", "is_learner": True, "email": "ada@example.com"},
            {"name": "Ben Learner", "is_learner": True, "email": "ben@example.com"},
            {"name": "Cleo Learner", "is_learner": True, "email": "cleo@example.com"},
        ]
    )
    test.enrolments = env["mc.enrolment"].create(
        [
            {
                "learner_id": learner.id,
                "edition_id": test.edition.id,
                "home_institution_id": test.uni_a.id,
                "state": "enrolled",
            }
            for learner in test.learners
        ]
    )
    test.other_enrolment = env["mc.enrolment"].create(
        {
            "learner_id": test.learners[0].id,
            "edition_id": test.other_edition.id,
            "home_institution_id": test.uni_a.id,
            "state": "enrolled",
        }
    )
    # Every unit passed (no grading scale: passed by hand).
    env["mc.result"].create(
        [
            {
                "enrolment_id": enrolment.id,
                "unit_id": unit.id,
                "passed": True,
                "date": date(2026, 6, 15),
            }
            for enrolment in test.enrolments | test.other_enrolment
            for unit in enrolment.programme_id.unit_ids
        ]
    )


def _setup_bodies(test, env):
    """Two professional bodies with their portal partners."""
    Partner = env["res.partner"]
    Body = env["mc.professional.body"]
    body_partners = Partner.create(
        [
            {"name": "Test Association of Psychologists", "is_company": True},
            {"name": "Test Society for IT Professionals", "is_company": True},
        ]
    )
    test.body_psy, test.body_it = Body.create(
        [
            {
                "partner_id": body_partners[0].id,
                "code": "TAP",
                "sector": "psychology",
                "cpd_framework": "Psychologists' CPD points",
                "cpd_unit": "points",
                "cpd_basis": "ects",
                "cpd_rate": 2.0,
            },
            {
                "partner_id": body_partners[1].id,
                "code": "TSIT",
                "sector": "it",
                "cpd_framework": "IT professional development hours",
                "cpd_unit": "hours",
                "cpd_basis": "hours",
                "cpd_rate": 0.5,
            },
        ]
    )


class ProfessionalCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = quiet_env(cls.env)
        cls.recognition = new_test_user(
            cls.env, login="mcp_recognition", groups=RECOGNITION
        )
        cls.finance = new_test_user(cls.env, login="mcp_finance", groups=FINANCE)
        cls.registry_user = new_test_user(
            cls.env, login="mcp_registry", groups=REGISTRY_MANAGER
        )
        cls.employee = new_test_user(
            cls.env, login="mcp_employee", groups="base.group_user"
        )
        cls.portal_psy = new_test_user(
            cls.env, login="mcp_portal_psy", groups="base.group_portal"
        )
        cls.portal_it = new_test_user(
            cls.env, login="mcp_portal_it", groups="base.group_portal"
        )
        setup_fixture(cls, cls.env)
        cls.body_psy.portal_user_ids = cls.portal_psy
        cls.body_it.portal_user_ids = cls.portal_it
        cls.Accreditation = cls.env["mc.accreditation"]

    @classmethod
    def _accreditation(cls, body, programme=None, state="accredited", **vals):
        values = {
            "body_id": body.id,
            "programme_id": (programme or cls.programme).id,
            "reference": f"{body.code}-{state}",
            "date_from": date(2026, 1, 1),
            "date_to": date(2028, 12, 31),
            "cpd_credits": 10.0,
            "state": state,
        }
        values.update(vals)
        return cls.env["mc.accreditation"].create(values)

    @classmethod
    def _issue_awards(cls, enrolments, award_date=None):
        """Issue the awards of ``enrolments`` through mc_qualification's own
        issuing flow (which calls mc.award._post_issue)."""
        Award = cls.env["mc.award"].with_context(mc_award_date=award_date)
        awards = Award._create_for_enrolments(
            enrolments.with_context(mc_award_date=award_date)
        )
        if award_date:
            awards.write({"award_date": award_date})
        awards.action_issue()
        return awards
