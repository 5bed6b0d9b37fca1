# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A CMF programme (Data Stewardship, 6 ECTS) of the Polar Alliance stacks into
a 20 ECTS micro-degree (Research Data Professional) whose first unit it covers.
Learners earn signed CMF awards, then enrol in the micro-degree."""

import json
from datetime import date

from odoo import Command
from odoo.tools import SQL

from odoo.addons.mc_qualification.tests.common_credentials import CredentialsFixture


class StackingFixture(CredentialsFixture):
    @classmethod
    def _setup_stacking(cls):
        cls._setup_credentials()
        cls.cmf = cls.programme
        cls.cmf.qualification_type_id = cls.env.ref(
            "mc_qualification.mc_qualification_type_cmf"
        )
        people = cls.env["res.partner"].create(
            [{"name": f"Rector {inst.name}"} for inst in cls.institutions]
        )
        cls.env["mc.signatory"].create(
            [
                {
                    "institution_id": inst.id,
                    "person_id": person.id,
                    "function": "rector",
                    "date_from": date(2020, 1, 1),
                }
                for inst, person in zip(cls.institutions, people, strict=True)
            ]
        )
        cls.degree = cls.env["mc.programme"].create(
            {
                "name": "Research Data Professional",
                "code": "RDPRO",
                "partnership_id": cls.partnership.id,
                "eqf_level": 6,
                "qualification_type_id": cls.env.ref(
                    "mc_qualification.mc_qualification_type_micro_degree_ug"
                ).id,
                "unit_ids": [
                    Command.create(
                        {
                            "name": name,
                            "code": code,
                            "ects": ects,
                            "hours": ects * 27,
                            "institution_id": inst.id,
                            "mandatory": True,
                        }
                    )
                    for code, name, ects, inst in [
                        ("RD1", "Data stewardship", 6, cls.uni_a),
                        ("RD2", "Research data services", 8, cls.uni_b),
                        ("RD3", "Capstone project", 6, cls.uni_c),
                    ]
                ],
            }
        )
        cls.unit_steward, cls.unit_services, cls.unit_capstone = (
            cls.degree.unit_ids.sorted("code")
        )
        cls.rule = cls.env["mc.programme.stacking"].create(
            {
                "programme_id": cls.cmf.id,
                "target_programme_id": cls.degree.id,
                "credit_validity_months": 60,
                "target_unit_ids": [Command.set(cls.unit_steward.ids)],
            }
        )
        (cls.cmf | cls.degree).write({"state": "published"})
        cls.degree_edition = cls.env["mc.edition"].create(
            {
                "name": "RDPRO 2027",
                "programme_id": cls.degree.id,
                "date_start": date(2027, 1, 15),
                "date_end": date(2027, 12, 15),
            }
        )

    @classmethod
    def _enrol(cls, learners, edition=None):
        return cls.env["mc.enrolment"].create(
            [
                {
                    "learner_id": learner.id,
                    "edition_id": (edition or cls.degree_edition).id,
                    "state": "enrolled",
                }
                for learner in learners
            ]
        )

    def _tamper(self, award, document):
        """Change a stored credential behind the ORM's back (a database edit)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE mc_award SET credential_json = %s WHERE id = %s",
                json.dumps(document),
                award.id,
            )
        )
        self.env.invalidate_all()
