# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fixtures of the learners, enrolments and awards tests.

A joint partnership (Leuven leads, Bologna partners) runs a 5 ECTS programme;
a network partnership (Leuven, Bologna, Tartu) runs a programme with a
mobility window hosted by Tartu. Each institution has its own grading scale.
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from .common import registry_users


class AwardCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                no_reset_password=True,
                mail_create_nolog=True,
            )
        )
        cls.officer, cls.manager = registry_users(cls.env, "aw")
        cls.employee = new_test_user(
            cls.env, login="aw_employee", groups="base.group_user"
        )
        cls._setup_institutions()
        cls._setup_partnerships()
        cls._setup_programmes()
        cls._setup_grading_and_editions()

    @classmethod
    def _setup_institutions(cls):
        """Leuven (English and French documents), Bologna (Italian), Tartu
        (English), each with a rector signing its awards."""
        cls.lang_en = cls.env.ref("base.lang_en")
        cls.lang_fr = cls.env["res.lang"]._activate_lang("fr_FR")
        cls.lang_it = cls.env["res.lang"]._activate_lang("it_IT")
        Partner = cls.env["res.partner"]
        cls.leuven, cls.bologna, cls.tartu = Partner.create(
            [
                {
                    "name": "KU Leuven",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": "B LEUVEN01",
                    "country_id": cls.env.ref("base.be").id,
                    "document_lang_ids": [Command.set((cls.lang_en | cls.lang_fr).ids)],
                },
                {
                    "name": "University of Bologna",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": "I BOLOGNA01",
                    "country_id": cls.env.ref("base.it").id,
                    "document_lang_ids": [Command.set(cls.lang_it.ids)],
                },
                {
                    "name": "University of Tartu",
                    "is_company": True,
                    "is_institution": True,
                    "erasmus_code": "EE TARTU02",
                    "country_id": cls.env.ref("base.ee").id,
                    "document_lang_ids": [Command.set(cls.lang_en.ids)],
                },
            ]
        )
        people = Partner.create(
            [
                {"name": "Rector Leuven"},
                {"name": "Rector Bologna"},
                {"name": "Rector Tartu"},
            ]
        )
        cls.signatories = cls.env["mc.signatory"].create(
            [
                {
                    "institution_id": institution.id,
                    "person_id": person.id,
                    "function": "rector",
                    "date_from": date(2020, 1, 1),
                }
                for institution, person in zip(
                    cls.leuven | cls.bologna | cls.tartu, people, strict=True
                )
            ]
        )

    @classmethod
    def _setup_partnerships(cls):
        Partnership = cls.env["mc.partnership"]
        cls.partnership = Partnership.create(
            {
                "name": "Joint Data Science Alliance",
                "code": "JDSA",
                "ownership_model": "joint",
                "member_ids": [
                    Command.create(
                        {"institution_id": cls.leuven.id, "role": "leading"}
                    ),
                    Command.create(
                        {"institution_id": cls.bologna.id, "role": "partner"}
                    ),
                ],
            }
        )
        cls.network = Partnership.create(
            {
                "name": "Climate Network",
                "code": "CLIM",
                "ownership_model": "network",
                "member_ids": [
                    Command.create(
                        {"institution_id": cls.leuven.id, "role": "leading"}
                    ),
                    Command.create(
                        {"institution_id": cls.bologna.id, "role": "partner"}
                    ),
                    Command.create({"institution_id": cls.tartu.id, "role": "partner"}),
                ],
            }
        )

    @classmethod
    def _setup_programmes(cls):
        Programme = cls.env["mc.programme"]
        cls.programme = Programme.create(
            {
                "name": "Applied Data Science",
                "code": "ADS",
                "partnership_id": cls.partnership.id,
                "eqf_level": 7,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "Statistics",
                            "code": "ADS1",
                            "ects": 3.0,
                            "institution_id": cls.leuven.id,
                            "mandatory": True,
                            "supervision_mode": "supervised_id",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Machine Learning",
                            "code": "ADS2",
                            "ects": 2.0,
                            "institution_id": cls.bologna.id,
                            "mandatory": True,
                            "supervision_mode": "supervised_no_id",
                        }
                    ),
                ],
            }
        )
        cls.unit_stats, cls.unit_ml = cls.programme.unit_ids.sorted("code")
        cls.net_programme = Programme.create(
            {
                "name": "Climate Adaptation",
                "code": "CLA",
                "partnership_id": cls.network.id,
                "eqf_level": 6,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "Climate Basics",
                            "code": "CLA1",
                            "ects": 3.0,
                            "institution_id": cls.leuven.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Baltic Field Work",
                            "code": "CLA2",
                            "ects": 3.0,
                            "institution_id": cls.tartu.id,
                        }
                    ),
                ],
            }
        )
        cls.net_unit_home, cls.net_unit_host = cls.net_programme.unit_ids.sorted("code")
        cls.window = cls.env["mc.mobility.window"].create(
            {
                "programme_id": cls.net_programme.id,
                "name": "Field semester in Tartu",
                "host_institution_id": cls.tartu.id,
                "unit_ids": [Command.set(cls.net_unit_host.ids)],
            }
        )
        (cls.programme | cls.net_programme).write({"state": "published"})

    @classmethod
    def _setup_grading_and_editions(cls):
        Conversion = cls.env["mc.grade.conversion"]
        Conversion.create(
            [
                {
                    "name": "Leuven 0–20",
                    "institution_id": cls.leuven.id,
                    "line_ids": [
                        Command.create(
                            {"grade": g, "score": s, "passed": p, "classification": c}
                        )
                        for g, s, p, c in [
                            ("8", 40, False, False),
                            ("10", 50, True, "Pass"),
                            ("14", 70, True, "Distinction"),
                            ("16", 80, True, "Great distinction"),
                            ("18", 90, True, "Greatest distinction"),
                        ]
                    ],
                },
                {
                    "name": "Bologna 30",
                    "institution_id": cls.bologna.id,
                    "line_ids": [
                        Command.create({"grade": g, "score": s, "passed": p})
                        for g, s, p in [
                            ("17", 0, False),
                            ("18", 50, True),
                            ("24", 70, True),
                            ("27", 80, True),
                            ("30", 90, True),
                        ]
                    ],
                },
            ]
        )
        Edition = cls.env["mc.edition"]
        cls.edition = Edition.create(
            {
                "name": "ADS 2026",
                "programme_id": cls.programme.id,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 6, 30),
            }
        )
        cls.net_edition = Edition.create(
            {
                "name": "CLA 2026",
                "programme_id": cls.net_programme.id,
                "date_start": date(2026, 2, 1),
                "date_end": date(2026, 6, 30),
            }
        )

    @classmethod
    def _make_learners(cls, count, prefix="Learner"):
        return cls.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "is_learner": True,
                    "email": f"{prefix.lower()}{index}@example.com",
                }
                for index in range(count)
            ]
        )

    @classmethod
    def _make_enrolments(
        cls, count, edition=None, complete=True, prefix="Learner", **vals
    ):
        edition = edition or cls.edition
        learners = cls._make_learners(count, prefix=prefix)
        enrolments = cls.env["mc.enrolment"].create(
            [
                dict(
                    {
                        "learner_id": learner.id,
                        "edition_id": edition.id,
                        "state": "enrolled",
                    },
                    **vals,
                )
                for learner in learners
            ]
        )
        if complete:
            cls._pass_units(enrolments, edition.programme_id.unit_ids)
        return enrolments

    @classmethod
    def _pass_units(cls, enrolments, units, grades=None):
        grades = grades or {}
        default = {cls.leuven: "16", cls.bologna: "27", cls.tartu: False}
        cls.env["mc.result"].create(
            [
                {
                    "enrolment_id": enrolment.id,
                    "unit_id": unit.id,
                    "grade": grades.get(unit, default.get(unit.institution_id)),
                    "passed": True,
                    "date": date(2026, 6, 15),
                }
                for enrolment in enrolments
                for unit in units
            ]
        )
