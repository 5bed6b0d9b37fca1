# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

OFFICER = "mc_qualification.mc_qualification_group_officer"
MANAGER = "mc_qualification.mc_qualification_group_manager"
# Fixtures create many records: no tracking, no creation log, no reset e-mails.
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


def quiet_env(env):
    """``env`` with the fixtures' quiet context."""
    return env(context=dict(env.context, **QUIET_CONTEXT))


def registry_users(env, prefix):
    """A registry officer and a registry manager (least privilege), logins
    ``<prefix>_officer`` and ``<prefix>_manager``."""
    return (
        new_test_user(env, login=f"{prefix}_officer", groups=OFFICER),
        new_test_user(env, login=f"{prefix}_manager", groups=MANAGER),
    )


class McQualificationCase(TransactionCase):
    """Least-privilege users per role, a partnership of three institutions and
    one draft programme; no reliance on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = quiet_env(cls.env)
        cls.officer, cls.manager = registry_users(cls.env, "mcq")
        cls.employee = new_test_user(
            cls.env, login="mcq_employee", groups="base.group_user"
        )
        cls.portal = new_test_user(
            cls.env, login="mcq_portal", groups="base.group_portal"
        )
        Partner = cls.env["res.partner"]
        cls.lang_nl = cls.env.ref("base.lang_nl_BE")
        cls.lang_fr = cls.env.ref("base.lang_fr")
        cls.uni_be, cls.uni_fr, cls.uni_es, cls.uni_out = Partner.create(
            [
                {
                    "name": "Test University Flanders",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.be").id,
                    "nqf_name": "Flemish Qualifications Framework",
                    "document_lang_ids": [(6, 0, cls.lang_nl.ids)],
                },
                {
                    "name": "Test Université Rhône",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.fr").id,
                    "nqf_name": "Cadre national des certifications",
                    "document_lang_ids": [(6, 0, cls.lang_fr.ids)],
                },
                {
                    "name": "Test Universidad Atlántica",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.es").id,
                    "nqf_name": "MECES",
                },
                {
                    "name": "Test Outsider University",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.it").id,
                },
            ]
        )
        cls.partnership = cls.env["mc.partnership"].create(
            {
                "name": "Test Alliance",
                "code": "TALL",
                "member_ids": [
                    (0, 0, {"institution_id": cls.uni_be.id, "role": "leading"}),
                    (0, 0, {"institution_id": cls.uni_fr.id, "role": "partner"}),
                    (0, 0, {"institution_id": cls.uni_es.id, "role": "partner"}),
                ],
            }
        )
        cls.Programme = cls.env["mc.programme"]
        cls.Type = cls.env["mc.qualification.type"]

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Like unittest's, inside a savepoint rolled back on the error (as Odoo's
        assertRaises), so that tests can check that nothing was saved."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex, msg=msg)

    @classmethod
    def _unit(cls, name, ects, institution=None, **kw):
        vals = {
            "name": name,
            "ects": ects,
            "hours": ects * 27,
            "institution_id": (institution or cls.uni_be).id,
            "assessment_type": "written_exam",
            "supervision_mode": "supervised_id",
        }
        vals.update(kw)
        return (0, 0, vals)

    @classmethod
    def _programme(cls, code, ects_list, eqf=6, **kw):
        vals = {
            "name": f"Programme {code}",
            "code": code,
            "partnership_id": cls.partnership.id,
            "eqf_level": eqf,
            "unit_ids": [
                cls._unit(f"{code} unit {i}", ects) for i, ects in enumerate(ects_list)
            ],
        }
        vals.update(kw)
        return cls.env["mc.programme"].create(vals)

    def qtype(self, code):
        return self.env.ref(f"mc_qualification.mc_qualification_type_{code}")

    @classmethod
    def _complete_programme(cls, code, ects_list=(2.5, 2.5), eqf=6, **kw):
        """A programme with every mandatory Annex I element filled."""
        vals = {
            "learning_outcomes": "<p>Reads and critiques health data.</p>",
            "assessment_type": "written_exam",
            "participation_form": "cohort",
            "delivery_method": "online",
            "quality_assurance": "Internal QA of each partner; joint programme board.",
            "hours": sum(ects_list) * 27,
            "integration": "stackable",
            "stacking_ids": [(0, 0, {"target_degree_name": "Master of Public Health"})],
        }
        vals.update(kw)
        return cls._programme(code, list(ects_list), eqf=eqf, **vals)
