# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The qualification supplement of an award: the data of each section, as plain dicts.

``_get_supplement_data`` assembles one dict per section, each built by its own
method (``_get_supplement_<section>``), which another addon may extend with
``super()``. Labels live in the QWeb template, translatable there.
"""

from odoo import models
from odoo.tools import format_date


class McAward(models.Model):
    _inherit = "mc.award"

    def _get_supplement_professional_recognition(self):
        """Extension point: professional recognition of the qualification.

        Returns a list of dicts ``{"body": str, "statement": str, "credits": float,
        "valid_until": date or False}``. Empty in this addon; ``mc_professional``
        adds the accreditations of the programme.
        """
        self.ensure_one()
        return []

    def _get_grade_distribution(self):
        """Grade distribution tables of the reference group (ECTS Users' Guide): the
        passing results of all learners of the award's edition, one table per
        assessing institution (each grades on its own scale), best grade first
        (ordered on the common score), with the count, the percentage and the
        cumulative percentage."""
        self.ensure_one()
        edition = self.enrolment_id.edition_id
        if not edition:
            return []
        groups = self.env["mc.result"]._read_group(
            [
                ("enrolment_id.edition_id", "=", edition.id),
                ("passed", "=", True),
                ("grade", "!=", False),
            ],
            groupby=["institution_id", "grade"],
            aggregates=["__count", "score:avg"],
        )
        by_institution = {}
        for institution, grade, count, score in groups:
            by_institution.setdefault(institution, []).append((grade, count, score))
        tables = []
        for institution, grades in by_institution.items():
            total = sum(count for _grade, count, _score in grades)
            rows = []
            cumulative = 0
            for grade, count, _score in sorted(grades, key=lambda g: -(g[2] or 0.0)):
                cumulative += count
                rows.append(
                    {
                        "grade": grade,
                        "count": count,
                        "percentage": round(100.0 * count / total, 1),
                        "cumulative": round(100.0 * cumulative / total, 1),
                    }
                )
            tables.append(
                {"institution": institution.name or "", "total": total, "rows": rows}
            )
        return tables

    def _get_supplement_documents(self):
        """The supplements of the award, in print order: one for a joint award
        (with a page per partner's mandatory language it does not carry yet),
        one per awarding institution for a double/multiple award (each stating
        the others), and in a joint award with fallback one more for each
        institution that awards separately."""
        self.ensure_one()
        mode = self._get_document_mode()
        if self.award_mode == "multiple":
            return [
                {"line": line, "langs": self._get_page_langs(line.institution_id, mode)}
                for line in self.line_ids
            ]
        institutions = self._mc_joint_institutions()
        documents = [
            {"line": self.line_ids.browse(), "langs": langs}
            for _institution, langs in self._get_joint_page_langs(institutions, mode)
        ]
        documents += [
            {"line": line, "langs": self._get_page_langs(line.institution_id, mode)}
            for line in self.line_ids.filtered("separate_award")
        ]
        return documents

    def _get_supplement_data(self, line=None):
        """Everything the qualification supplement prints, as a plain dict.

        Call it on a record whose context carries the language of the document:
        translatable values (title, learning outcomes, national system) come back
        in that language. Empty values stay empty here: the template states why
        they are empty.

        :param line: the award line of a per-institution supplement (multiple
            award, or separate award of a joint award with fallback); None for
            the joint supplement.
        """
        self.ensure_one()
        awarding = line.institution_id if line else self._mc_joint_institutions()
        return {
            "lang": self.env.context.get("lang") or self.env.lang,
            "holder": self._get_supplement_holder(),
            "qualification": self._get_supplement_qualification(awarding),
            "level": self._get_supplement_level(),
            "programme": self._get_supplement_programme(line),
            "function": self._get_supplement_function(awarding),
            "additional": self._get_supplement_additional(line),
            "certification": self._get_supplement_certification(awarding),
            "national_systems": self._get_supplement_national_systems(),
        }

    # Section 1
    def _get_supplement_holder(self):
        learner = self.learner_id
        return {
            "name": learner.name or "",
            "birth_date": format_date(self.env, learner.birth_date)
            if learner.birth_date
            else "",
            "birth_place": learner.birth_place or "",
            "identifiers": [
                {
                    "institution": ident.institution_id.name or "",
                    "identifier": ident.identifier or "",
                }
                for ident in learner.student_identifier_ids
            ],
        }

    def _get_supplement_institution(self, institution):
        """One awarding or administering institution, with its award line."""
        line = self._get_line_of(institution)
        return {
            "name": institution.name,
            "country": institution.country_id.name or "",
            "erasmus_code": institution.erasmus_code or "",
            "nqf_name": institution.nqf_name or "",
            "award_number": line.award_number if line else "",
            "classification": line.classification if line else "",
            "partner": institution,
        }

    # Section 2
    def _get_supplement_qualification(self, awarding):
        programme = self.programme_id
        original_title, original_lang = self._get_original_title()
        lang_names = dict(self.env["res.lang"].get_installed())
        crosswalk = {item["institution"]: item for item in self._mc_crosswalk(awarding)}
        administering = (
            programme.unit_ids.institution_id or self._mc_awarding_institutions()
        )
        return {
            "title": programme.name or "",
            "original_title": original_title or "",
            "original_lang": lang_names.get(original_lang, original_lang),
            "type": programme.qualification_type_id.name or "",
            "field_of_study": programme.field_of_study or "",
            "awarding": [
                dict(self._get_supplement_institution(i), crosswalk=crosswalk.get(i))
                for i in awarding
            ],
            "administering": [
                self._get_supplement_institution(i) for i in administering
            ],
            "instruction_langs": ", ".join(
                programme.instruction_lang_ids.mapped("name")
            ),
        }

    # Section 3
    def _get_supplement_level(self):
        programme = self.programme_id
        return {
            "eqf": programme.eqf_level or "",
            "cycle": self._get_selection_label(programme, "cycle"),
            "nqf": [
                {"institution": inst.name, "nqf_name": inst.nqf_name}
                for inst in self._mc_awarding_institutions()
                if inst.nqf_name
            ],
            "ects": programme.ects,
            "hours": programme.hours,
            "prerequisites": programme.prerequisites or "",
        }

    # Section 4
    def _get_supplement_programme(self, line):
        programme = self.programme_id
        enrolment = self.enrolment_id
        results = enrolment.result_ids.sorted(
            lambda r: (r.unit_id.sequence if "sequence" in r.unit_id else 0, r.id)
        )
        return {
            "participation_form": self._get_selection_label(
                programme, "participation_form"
            ),
            "learning_outcomes": programme.learning_outcomes or "",
            "results": [
                {
                    "code": result.unit_id.code or "",
                    "unit": result.unit_id.name or "",
                    "institution": result.institution_id.name
                    or result.unit_id.institution_id.name
                    or "",
                    "ects": result.ects_earned,
                    "grade": result.grade,
                    "passed": result.passed,
                    "date": format_date(self.env, result.date) if result.date else "",
                }
                for result in results
            ],
            "grade_distribution": self._get_grade_distribution(),
            "reference_group": enrolment.edition_id.name or "",
            "classification": [
                {
                    "institution": ln.institution_id.name,
                    "classification": ln.classification,
                }
                for ln in (line or self.line_ids)
                if ln.classification
            ],
        }

    # Section 5
    def _get_supplement_function(self, awarding):
        """Stackability per partner: the programme's stacking lines that apply at
        each awarding institution (a line without institution applies to all)."""
        programme = self.programme_id
        crosswalk = {item["institution"]: item for item in self._mc_crosswalk(awarding)}
        stackability = [
            {
                "institution": institution.name,
                "crosswalk": crosswalk.get(institution),
                "options": [
                    {
                        "target": stacking.target_programme_id.name
                        or stacking.target_degree_name
                        or "",
                        "ects": stacking.ects_recognised,
                        "validity_months": stacking.credit_validity_months,
                        "note": stacking.note or "",
                    }
                    for stacking in programme.stacking_ids
                    if not stacking.institution_id
                    or stacking.institution_id == institution
                ],
            }
            for institution in awarding
        ]
        return {
            "integration": self._get_selection_label(programme, "integration"),
            "stackability": stackability,
            "professional_recognition": (
                self._get_supplement_professional_recognition()
            ),
        }

    # Section 6
    def _get_supplement_additional(self, line):
        programme = self.programme_id
        enrolment = self.enrolment_id
        mobility = enrolment.mobility_window_id
        label = self._get_selection_label
        return {
            "award_mode": self.award_mode,
            "award_mode_label": label(self, "award_mode"),
            "also_awarded_by": [
                {
                    "institution": other.institution_id.name,
                    "country": other.institution_id.country_id.name or "",
                    "award_number": other.award_number or "",
                    "separate_reason": other.separate_reason or "",
                }
                for other in (
                    self.line_ids - line
                    if line
                    else self.line_ids.filtered("separate_award")
                )
            ],
            "separate_reason": (line.separate_reason or "") if line else "",
            "quality_assurance": programme.quality_assurance or "",
            "assessment_type": label(programme, "assessment_type"),
            "mobility": {
                "window": mobility.name or "",
                "host": mobility.host_institution_id.name or "",
                "units": ", ".join(mobility.unit_ids.mapped("name")),
                "home": enrolment.home_institution_id.name or "",
            },
            "delivery_method": label(programme, "delivery_method"),
            "verification_url": self.verification_url or "",
            "partnership": programme.partnership_id.name or "",
            "further_information": programme.further_information or "",
        }

    # Section 7
    def _get_supplement_certification(self, awarding):
        return {
            "date": format_date(self.env, self.award_date) if self.award_date else "",
            "signatories": self._get_certificate_signatories(awarding),
        }

    # Section 8: one block per awarding institution's country.
    def _get_supplement_national_systems(self):
        countries = {}
        for institution in self._mc_awarding_institutions():
            countries.setdefault(institution.country_id, []).append(institution)
        return [
            {
                "country": country.name or "",
                "institutions": ", ".join(inst.name for inst in members),
                "description": next(
                    (
                        inst.he_system_description
                        for inst in members
                        if inst.he_system_description
                    ),
                    False,
                ),
            }
            for country, members in countries.items()
        ]
