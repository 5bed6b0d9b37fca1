# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from odoo import Command

from odoo.addons.mc_qualification.tests.common import quiet_env, registry_users


class CredentialsFixture:
    """Three institutions with signing keys, a programme and helpers that issue
    awards (joint or multiple) to learners. Mixed into TransactionCase/HttpCase.
    """

    @classmethod
    def _setup_credentials(cls):
        cls.env = quiet_env(cls.env)
        cls.officer, cls.manager = registry_users(cls.env, "mcc")
        Partner = cls.env["res.partner"]
        cls.uni_a, cls.uni_b, cls.uni_c = Partner.create(
            [
                {
                    "name": "Aurora University",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": "A AURORA01",
                },
                {
                    "name": "Borealis University",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": "B BOREAL01",
                },
                {
                    "name": "Caledonia University",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": "C CALEDO01",
                },
            ]
        )
        cls.institutions = cls.uni_a | cls.uni_b | cls.uni_c
        cls.institutions.with_user(cls.manager).action_generate_signing_key()
        cls.partnership = cls.env["mc.partnership"].create(
            {
                "name": "Polar Alliance",
                "code": "POLAR",
                "member_ids": [
                    Command.create({"institution_id": cls.uni_a.id, "role": "leading"}),
                    Command.create({"institution_id": cls.uni_b.id, "role": "partner"}),
                    Command.create({"institution_id": cls.uni_c.id, "role": "partner"}),
                ],
            }
        )
        cls.programme = cls.env["mc.programme"].create(
            {
                "name": "Data Stewardship",
                "code": "DATASTEW",
                "partnership_id": cls.partnership.id,
                "eqf_level": 6,
                "qualification_type_id": cls.env.ref(
                    "mc_qualification.mc_qualification_type_mc_course"
                ).id,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "FAIR data",
                            "ects": 3,
                            "hours": 80,
                            "institution_id": cls.uni_a.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Data law",
                            "ects": 3,
                            "hours": 80,
                            "institution_id": cls.uni_b.id,
                        }
                    ),
                ],
            }
        )
        cls.edition = cls.env["mc.edition"].create(
            {
                "name": "Spring 2026",
                "programme_id": cls.programme.id,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 6, 30),
            }
        )

    @classmethod
    def _learner(cls, name, **vals):
        return cls.env["res.partner"].create(
            {"name": name, "is_learner": True, "lang": "en_US", **vals}
        )

    @classmethod
    def _issue(
        cls,
        learners,
        mode="joint",
        institutions=None,
        classification=None,
        valid_until=None,
        separate=None,
    ):
        """Issue awards to ``learners`` through the awards part's transition and
        its ``_post_issue`` extension point (the credentials hook); ``separate``:
        the institution awarding separately (mode ``joint_fallback``)."""
        institutions = institutions or cls.institutions
        enrolments = cls.env["mc.enrolment"].create(
            [
                {"learner_id": learner.id, "edition_id": cls.edition.id}
                for learner in learners
            ]
        )
        awards = cls.env["mc.award"].create(
            [
                {
                    "enrolment_id": enrolment.id,
                    "award_mode": mode,
                    "award_date": date(2026, 7, 1),
                    "credential_valid_until": valid_until,
                    "line_ids": [
                        Command.create(
                            {
                                "institution_id": inst.id,
                                "classification": classification,
                                "separate_award": inst == separate,
                                "separate_reason": inst == separate
                                and "Its regulations require a degree of its own.",
                            }
                        )
                        for inst in institutions
                    ],
                }
                for enrolment in enrolments
            ]
        )
        awards._write_transition({"state": "issued"})
        awards._post_issue(awards)
        return awards

    @classmethod
    def _keys_document(cls):
        """What an employer downloads: the controller documents of the issuers."""
        issuers = cls.institutions | cls.partnership.mc_issuer_id
        return {"controllers": [inst._mc_controller_document() for inst in issuers]}

    @staticmethod
    def _credential(award):
        return json.loads(award.credential_json)
