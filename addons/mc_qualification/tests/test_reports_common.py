# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared fixture of the document tests: a joint programme of three institutions
(English, French and Spanish document languages), issued joint and multiple awards,
and results from which the grade distribution table is computed."""

import base64
import io

from PIL import Image, ImageDraw

from odoo import Command

from .common import quiet_env, registry_users

CERTIFICATE = "mc_qualification.action_report_mc_certificate"
SUPPLEMENT = "mc_qualification.action_report_mc_supplement"


def png_image(color, size=(60, 30)):
    """A small PNG (base64) standing for a logo or a scanned signature."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def signature_image():
    """A scribbled signature (PNG, base64) on a transparent background."""
    image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(10 + x * 11, 50 - (18 if x % 2 else -4) + x) for x in range(20)]
    draw.line(points, fill=(20, 40, 110, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class ReportsFixtureMixin:
    """Builds the data the certificate and supplement tests print."""

    @classmethod
    def _setup_reports_fixture(cls):
        cls.env = quiet_env(cls.env)
        Lang = cls.env["res.lang"]
        Lang._activate_lang("fr_FR")
        Lang._activate_lang("es_ES")
        cls.lang_en = Lang._lang_get("en_US")
        cls.lang_fr = Lang._lang_get("fr_FR")
        cls.lang_es = Lang._lang_get("es_ES")
        cls.officer, cls.manager = registry_users(cls.env, "mc_reports")
        Partner = cls.env["res.partner"]
        cls.uni_ie, cls.uni_fr, cls.uni_es = Partner.create(
            [
                {
                    "name": "Atlantic Technological University",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.ie").id,
                    "erasmus_code": "IRL ATU01",
                    "nqf_name": "Irish National Framework of Qualifications",
                    "document_lang_ids": [Command.set(cls.lang_en.ids)],
                    "image_1920": png_image("navy"),
                    "he_system_description": "<p>Irish higher education system</p>",
                },
                {
                    "name": "Université de Lyon Sud",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.fr").id,
                    "erasmus_code": "F LYON99",
                    "nqf_name": "Cadre national des certifications professionnelles",
                    "document_lang_ids": [Command.set(cls.lang_fr.ids)],
                    "image_1920": png_image("darkred"),
                },
                {
                    "name": "Universidad de Cádiz Norte",
                    "is_company": True,
                    "is_institution": True,
                    "country_id": cls.env.ref("base.es").id,
                    "document_lang_ids": [Command.set(cls.lang_es.ids)],
                },
            ]
        )
        cls.uni_fr.with_context(
            lang="fr_FR"
        ).he_system_description = "<p>Le système français d'enseignement supérieur</p>"
        persons = Partner.create(
            [
                {"name": "Orla Byrne"},
                {"name": "Camille Durand"},
                {"name": "Lucía Romero"},
            ]
        )
        cls.env["mc.signatory"].create(
            [
                {
                    "institution_id": inst.id,
                    "person_id": person.id,
                    "function": "rector",
                    "function_label": label,
                    "signature": signature_image(),
                }
                for inst, person, label in zip(
                    cls.uni_ie | cls.uni_fr | cls.uni_es,
                    persons,
                    ["President", "Présidente", "Rectora"],
                    strict=True,
                )
            ]
        )
        cls.signatory_names = persons.mapped("name")

    @classmethod
    def _create_partnership(cls, institutions, code, ownership="joint"):
        return cls.env["mc.partnership"].create(
            {
                "name": f"Alliance {code}",
                "code": code,
                "ownership_model": ownership,
                "member_ids": [
                    Command.create(
                        {
                            "institution_id": inst.id,
                            "role": "leading" if index == 0 else "partner",
                        }
                    )
                    for index, inst in enumerate(institutions)
                ],
            }
        )

    @classmethod
    def _create_programme(cls, partnership, code, title_en, title_fr, stacking=None):
        institutions = partnership.member_ids.institution_id
        # 5 ECTS in whole credits: 3 + 2, or 2 + 2 + 1.
        ects = {2: [3.0, 2.0], 3: [2.0, 2.0, 1.0]}[len(institutions)]
        programme = cls.env["mc.programme"].create(
            {
                "name": title_en,
                "code": code,
                "partnership_id": partnership.id,
                "eqf_level": 6,
                "hours": 125,
                "delivery_method": "blended",
                "participation_form": "cohort",
                "field_of_study": "Environmental data science",
                "learning_outcomes": "<p>Analyse open climate data.</p>",
                "instruction_lang_ids": [Command.set(cls.lang_en.ids)],
                "integration": "stackable" if stacking else "stand_alone",
                "stacking_ids": [Command.create(vals) for vals in stacking or []],
                "unit_ids": [
                    Command.create(
                        {
                            "name": f"{code} unit {index + 1}",
                            "code": f"{code}-{index + 1}",
                            "ects": ects[index],
                            "hours": ects[index] * 25,
                            "eqf_level": 6,
                            "institution_id": inst.id,
                            "assessment_type": "written_exam",
                            "supervision_mode": "supervised_id",
                        }
                    )
                    for index, inst in enumerate(institutions)
                ],
            }
        )
        programme.update_field_translations("name", {"fr_FR": title_fr})
        programme.update_field_translations(
            "learning_outcomes",
            {
                "fr_FR": {
                    "Analyse open climate data.": "Analyser les données climatiques."
                }
            },
        )
        return programme

    @classmethod
    def _publish(cls, programme):
        programme.write({"state": "published"})

    @classmethod
    def _create_learners(cls, count, lang="en_US"):
        return cls.env["res.partner"].create(
            [
                {
                    "name": f"Learner {lang} {index + 1}",
                    "is_learner": True,
                    "lang": lang,
                }
                for index in range(count)
            ]
        )

    @classmethod
    def _create_edition(cls, programme, name):
        return cls.env["mc.edition"].create(
            {
                "name": name,
                "programme_id": programme.id,
                "date_start": "2026-02-01",
                "date_end": "2026-06-30",
                "seats": 50,
            }
        )

    @classmethod
    def _enrol_with_results(cls, edition, learners, grades):
        """Enrol the learners and record one passed result per unit; ``grades`` is
        a list (one per learner) of grades, repeated on every unit."""
        home = edition.programme_id.partnership_id.member_ids[:1].institution_id
        enrolments = cls.env["mc.enrolment"].create(
            [
                {
                    "learner_id": learner.id,
                    "edition_id": edition.id,
                    "state": "enrolled",
                    "home_institution_id": home.id,
                }
                for learner in learners
            ]
        )
        cls.env["mc.result"].create(
            [
                {
                    "enrolment_id": enrolment.id,
                    "unit_id": unit.id,
                    "grade": grade,
                    "passed": True,
                    "date": "2026-06-15",
                }
                for enrolment, grade in zip(enrolments, grades, strict=True)
                for unit in edition.programme_id.unit_ids
            ]
        )
        return enrolments

    @classmethod
    def _issue(cls, enrolments, mode, institutions, award_date="2026-07-01"):
        awards = cls.env["mc.award"].create(
            [
                {
                    "enrolment_id": enrolment.id,
                    "award_mode": mode,
                    "award_date": award_date,
                    "line_ids": [
                        Command.create({"institution_id": inst.id})
                        for inst in institutions
                    ],
                }
                for enrolment in enrolments
            ]
        )
        awards.action_issue()
        return awards
