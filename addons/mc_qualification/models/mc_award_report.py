# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Printed documents of an award: the certificate and the qualification supplement.

The templates only lay out what the methods below prepare: the languages of each page,
the QR code, the supplement sections (a plain dict) and the grade distribution table.
"""

from odoo import api, fields, models
from odoo.tools import format_date

from ..tools import (
    DEFAULT_DOCUMENT_MODE,
    DOCUMENT_MODES,
    qr_code_data_uri,
    qr_code_png,
)


class McAward(models.Model):
    _inherit = "mc.award"

    # ------------------------------------------------------------------
    # QR code
    # ------------------------------------------------------------------
    def _get_qr_code_png(self):
        """PNG bytes of a QR code holding only the public verification URL."""
        self.ensure_one()
        return qr_code_png(self.verification_url)

    def _get_qr_code_data_uri(self):
        """The QR code as a ``data:`` URI, embeddable in a QWeb report."""
        self.ensure_one()
        return qr_code_data_uri(self.verification_url)

    # ------------------------------------------------------------------
    # Languages
    # ------------------------------------------------------------------
    @api.model
    def _get_document_mode(self):
        mode = self.env.context.get("mc_document_mode") or DEFAULT_DOCUMENT_MODE
        return mode if mode in dict(DOCUMENT_MODES) else DEFAULT_DOCUMENT_MODE

    def _get_learner_lang(self):
        self.ensure_one()
        lang = self.learner_id.lang
        if lang in self._mc_installed_lang_codes():
            return lang
        return self._mc_fallback_lang()

    def _get_page_langs(self, institution, mode):
        """Languages of the columns of one page for an institution: one column, or
        two side by side (the institution's language and the learner's)."""
        self.ensure_one()
        institution_lang = self._mc_document_languages(institution)[0]
        learner_lang = self._get_learner_lang()
        if mode == "learner":
            return [learner_lang]
        if mode == "bilingual":
            langs = self._mc_document_languages(institution)
            second = learner_lang if learner_lang != institution_lang else None
            if not second and len(langs) > 1:
                second = langs[1]
            if not second and institution_lang != "en_US":
                second = "en_US" if "en_US" in self._mc_installed_lang_codes() else None
            return [institution_lang] + ([second] if second else [])
        return [institution_lang]

    # ------------------------------------------------------------------
    # Certificate pages
    # ------------------------------------------------------------------
    def _get_certificate_variant(self):
        """``joint`` (one document), ``joint_two_sided`` (two universities: one side
        each, in its language) or ``multiple`` (one certificate per institution)."""
        self.ensure_one()
        if self.award_mode == "multiple":
            return "multiple"
        if len(self._mc_awarding_institutions()) == 2:
            return "joint_two_sided"
        return "joint"

    def _get_certificate_pages(self):
        """The pages of the certificate, in print order. Each page is a dict:

        - ``langs``: the language of each column (two columns when bilingual);
        - ``institutions``: the institutions shown as awarding on this page;
        - ``line``: the award line of a per-institution certificate (multiple award);
        - ``partner_lines``: the other institutions' certificates it names.
        """
        self.ensure_one()
        mode = self._get_document_mode()
        variant = self._get_certificate_variant()
        institutions = self._mc_awarding_institutions()
        pages = []
        if variant == "multiple":
            for line in self.line_ids:
                pages.append(
                    {
                        "variant": variant,
                        "langs": self._get_page_langs(line.institution_id, mode),
                        "institutions": line.institution_id,
                        "line": line,
                        "partner_lines": self.line_ids - line,
                    }
                )
        elif variant == "joint_two_sided":
            for institution in institutions:
                pages.append(
                    {
                        "variant": variant,
                        "langs": self._get_page_langs(institution, mode),
                        "institutions": institutions,
                        "line": self.line_ids.filtered(
                            lambda line, inst=institution: line.institution_id == inst
                        )[:1],
                        "partner_lines": self.line_ids.browse(),
                    }
                )
        else:
            leading = self.leading_institution_id or institutions[:1]
            pages.append(
                {
                    "variant": variant,
                    "langs": self._get_page_langs(leading, mode),
                    "institutions": institutions,
                    "line": self.line_ids.filtered(
                        lambda line: line.institution_id == leading
                    )[:1],
                    "partner_lines": self.line_ids.browse(),
                }
            )
        return pages

    def _get_certificate_signatories(self, institutions):
        """Signatories of the given institutions valid on the award date, grouped
        per institution in the institutions' order."""
        self.ensure_one()
        date = self.award_date or fields.Date.context_today(self)
        return [
            (institution, institution.signatory_ids._filtered_valid(date))
            for institution in institutions
        ]

    def _get_original_title(self):
        """The programme title in its original language: the first document
        language of the leading institution."""
        self.ensure_one()
        leading = self.leading_institution_id or self._mc_awarding_institutions()[:1]
        lang = self._mc_document_languages(leading)[0]
        return self.programme_id.with_context(lang=lang).name, lang

    def _get_report_attachment_name(self, document):
        """Name of the stored PDF (``ir.actions.report.attachment``): one per award,
        document and language mode. Only issued awards are stored, so a draft print
        never hides the final one."""
        self.ensure_one()
        if self.state != "issued":
            return False
        number = self.line_ids[:1].award_number or str(self.id)
        number = number.replace("/", "-")
        return f"{document}-{number}-{self._get_document_mode()}.pdf"

    # ------------------------------------------------------------------
    # Qualification supplement
    # ------------------------------------------------------------------
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

    @api.model
    def _get_selection_label(self, record, field_name):
        """The label of a selection value in the context language."""
        value = record[field_name]
        if not value:
            return ""
        selection = record._fields[field_name]._description_selection(self.env)
        return dict(selection).get(value, value)

    def _get_certificate_text_values(self, page):
        """Values of one column of a certificate page, in the context language."""
        self.ensure_one()
        programme = self.programme_id
        institutions = page["institutions"].with_context(lang=self.env.lang)
        # A per-institution certificate shows its own number; a joint one all.
        lines = page["line"] if page["variant"] == "multiple" else self.line_ids
        original_title, _original_lang = self._get_original_title()
        return {
            "learner": self.learner_id.name or "",
            "institution_names": ", ".join(institutions.mapped("name")),
            "title": programme.name or "",
            "original_title": original_title or "",
            "type": programme.qualification_type_id.name or "",
            "eqf": programme.eqf_level or "",
            "ects": f"{programme.ects:g}" if programme.ects else "",
            "award_date": format_date(self.env, self.award_date)
            if self.award_date
            else "",
            "award_numbers": [
                {"institution": ln.institution_id.name, "number": ln.award_number or ""}
                for ln in lines
            ],
            "classification": ", ".join(c for c in lines.mapped("classification") if c),
            "partner_certificates": [
                {
                    "institution": ln.institution_id.name,
                    "country": ln.institution_id.country_id.name or "",
                    "award_number": ln.award_number or "",
                }
                for ln in page["partner_lines"]
            ],
        }

    def _get_supplement_documents(self):
        """The supplements of the award, in print order: one for a joint award,
        one per awarding institution for a double/multiple award (each stating the
        others), each in the languages of the print mode."""
        self.ensure_one()
        mode = self._get_document_mode()
        if self.award_mode == "multiple":
            return [
                {"line": line, "langs": self._get_page_langs(line.institution_id, mode)}
                for line in self.line_ids
            ]
        leading = self.leading_institution_id or self._mc_awarding_institutions()[:1]
        return [
            {
                "line": self.line_ids.browse(),
                "langs": self._get_page_langs(leading, mode),
            }
        ]

    def _get_supplement_data(self, line=None):
        """Everything the qualification supplement prints, as a plain dict.

        Call it on a record whose context carries the language of the document:
        translatable values (title, learning outcomes, national system) come back
        in that language. Labels live in the QWeb template, translatable there.
        Empty values stay empty here: the template states why they are empty.
        """
        self.ensure_one()
        award = self
        learner = award.learner_id
        programme = award.programme_id
        enrolment = award.enrolment_id
        institutions = award._mc_awarding_institutions()
        lang = self.env.context.get("lang") or self.env.lang
        original_title, original_lang = award._get_original_title()
        lang_names = dict(self.env["res.lang"].get_installed())

        lines_by_institution = {line.institution_id: line for line in award.line_ids}
        units = programme.unit_ids
        administering = units.institution_id or institutions
        results = enrolment.result_ids.sorted(
            lambda r: (r.unit_id.sequence if "sequence" in r.unit_id else 0, r.id)
        )

        def institution_vals(institution):
            line = lines_by_institution.get(institution)
            return {
                "name": institution.name,
                "country": institution.country_id.name or "",
                "erasmus_code": institution.erasmus_code or "",
                "nqf_name": institution.nqf_name or "",
                "award_number": line.award_number if line else "",
                "classification": line.classification if line else "",
                "partner": institution,
            }

        countries = {}
        for institution in institutions:
            countries.setdefault(institution.country_id, []).append(institution)
        national_systems = [
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

        mobility = enrolment.mobility_window_id
        awarding = line.institution_id if line else institutions
        also_awarded_by = [
            {
                "institution": other.institution_id.name,
                "country": other.institution_id.country_id.name or "",
                "award_number": other.award_number or "",
            }
            for other in (award.line_ids - line if line else award.line_ids.browse())
        ]
        label = award._get_selection_label

        # Stackability per partner: the programme's stacking lines that apply at
        # each awarding institution (a line without institution applies to all).
        stackability = [
            {
                "institution": institution.name,
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
            "lang": lang,
            "holder": {
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
            },
            "qualification": {
                "title": programme.name or "",
                "original_title": original_title or "",
                "original_lang": lang_names.get(original_lang, original_lang),
                "type": programme.qualification_type_id.name or "",
                "field_of_study": programme.field_of_study or "",
                "awarding": [institution_vals(inst) for inst in awarding],
                "administering": [institution_vals(inst) for inst in administering],
                "instruction_langs": ", ".join(
                    programme.instruction_lang_ids.mapped("name")
                ),
            },
            "level": {
                "eqf": programme.eqf_level or "",
                "cycle": label(programme, "cycle"),
                "nqf": [
                    {"institution": inst.name, "nqf_name": inst.nqf_name}
                    for inst in institutions
                    if inst.nqf_name
                ],
                "ects": programme.ects,
                "hours": programme.hours,
                "prerequisites": programme.prerequisites or "",
            },
            "programme": {
                "participation_form": label(programme, "participation_form"),
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
                        "date": format_date(self.env, result.date)
                        if result.date
                        else "",
                    }
                    for result in results
                ],
                "grade_distribution": award._get_grade_distribution(),
                "reference_group": enrolment.edition_id.name or "",
                "classification": [
                    {
                        "institution": ln.institution_id.name,
                        "classification": ln.classification,
                    }
                    for ln in (line or award.line_ids)
                    if ln.classification
                ],
            },
            "function": {
                "integration": label(programme, "integration"),
                "stackability": stackability,
                "professional_recognition": (
                    award._get_supplement_professional_recognition()
                ),
            },
            "additional": {
                "award_mode": award.award_mode,
                "award_mode_label": label(award, "award_mode"),
                "also_awarded_by": also_awarded_by,
                "quality_assurance": programme.quality_assurance or "",
                "assessment_type": label(programme, "assessment_type"),
                "mobility": {
                    "window": mobility.name or "",
                    "host": mobility.host_institution_id.name or "",
                    "units": ", ".join(mobility.unit_ids.mapped("name")),
                    "home": enrolment.home_institution_id.name or "",
                },
                "delivery_method": label(programme, "delivery_method"),
                "verification_url": award.verification_url or "",
                "partnership": programme.partnership_id.name or "",
                "further_information": programme.further_information or "",
            },
            "certification": {
                "date": format_date(self.env, award.award_date)
                if award.award_date
                else "",
                "signatories": award._get_certificate_signatories(awarding),
            },
            "national_systems": national_systems,
        }
