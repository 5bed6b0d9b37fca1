# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A CMF programme (Data Stewardship, 6 ECTS) of the Polar Alliance stacks into
a 20 ECTS micro-degree (Research Data Professional) whose first unit it covers.
Learners earn signed CMF awards, then enrol in the micro-degree."""

import json
from datetime import date

from mc_credentials.credential import build_open_badge_credential
from mc_credentials.keys import controller_document, private_key_from_seed
from mc_credentials.proof import sign
from mc_credentials.status_list import StatusList, build_status_list_credential

from odoo import Command
from odoo.tools import SQL

from odoo.addons.mc_credential.tests.common_credentials import CredentialsFixture


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


class ExternalIssuer:
    """A university outside the registry signing Open Badges 3.0 credentials
    with its own did:web key and revocation list."""

    did = "did:web:registry.uni-elsewhere.example"
    list_url = "https://registry.uni-elsewhere.example/status/revocation"
    key = private_key_from_seed(b"u" * 32)

    @classmethod
    def controller_json(cls):
        return json.dumps(controller_document(cls.did, {"key-1": cls.key.public_key()}))

    @classmethod
    def badge(cls, email="ada@example.org", key=None, did=None, **extra):
        did = did or cls.did
        data = {
            "issuer": {"id": did, "name": "University Elsewhere"},
            "recipient": {"email": email},
            "valid_from": "2026-03-01T00:00:00Z",
            "awarded_date": "2026-03-01T00:00:00Z",
            "achievement": {
                "id": "urn:uuid:3c1b7c2e-6a0e-4d65-9d33-0b9f6f1a2b11",
                "name": "Research Data Basics",
                "description": "Basics of research data management.",
                "criteria": "Passed the final assessment.",
                "credits": 6,
            },
            "credits_earned": 6,
            "status": {"list_credential": cls.list_url, "index": 42},
        }
        data.update(extra)
        document = build_open_badge_credential(data)
        return json.dumps(sign(document, key or cls.key, f"{did}#key-1"))

    @classmethod
    def status_list(cls, revocations=None):
        document = build_status_list_credential(
            revocations or StatusList(), cls.list_url, cls.did, "2026-01-01T00:00:00Z"
        )
        return json.dumps(sign(document, cls.key, f"{cls.did}#key-1"))
