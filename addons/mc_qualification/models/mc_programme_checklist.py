# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The compliance checklist of a programme, as data.

Each check is a :class:`Check`: a section, a key, a label, a predicate and an
optional note, plus a condition for checks that apply to some programmes only.
Predicates, notes and conditions take the programme and the facts that
``_mc_checklist_facts`` gathered once for it. Another addon adds checks (or
sections) by extending ``_mc_checklist_checks`` (``_mc_checklist_sections``) with
``super()``; the form shows the result through the QWeb template
``mc_qualification.mc_programme_checklist``.
"""

from typing import NamedTuple

from odoo import api, fields, models
from odoo.tools import is_html_empty

from .classification import fmt_number


class Check(NamedTuple):
    section: str
    key: str
    label: str
    predicate: object  # callable(programme, facts) -> bool
    note: object = None  # callable(programme, facts) -> str, or a str
    applies: object = None  # callable(programme, facts) -> bool; None: always


class McProgramme(models.Model):
    _inherit = "mc.programme"

    checklist_html = fields.Html(
        string="Checklist", compute="_compute_checklist", sanitize=False
    )
    checklist_summary = fields.Char(compute="_compute_checklist")
    checklist_ok = fields.Boolean(
        string="Mandatory elements complete", compute="_compute_checklist"
    )

    @api.depends(
        "name",
        "partnership_id.member_ids.institution_id.country_id",
        "learning_outcomes",
        "ects",
        "hours",
        "eqf_level",
        "cycle",
        "assessment_type",
        "participation_form",
        "delivery_method",
        "quality_assurance",
        "prerequisites",
        "unit_ids.supervision_mode",
        "unit_ids.assessment_type",
        "integration",
        "stacking_ids",
        "further_information",
        "qualification_type_id",
        "field_of_study",
        "instruction_lang_ids",
        "mobility_window_ids",
    )
    def _compute_checklist(self):
        sections = self._mc_checklist_sections()
        blocking = {key for key, _title, blocks in sections if blocks}
        for programme in self:
            items = programme._get_checklist()
            programme.checklist_ok = all(
                item["ok"] for item in items if item["section"] in blocking
            )
            groups = []
            for key, title, _blocks in sections:
                section_items = [item for item in items if item["section"] == key]
                if section_items:
                    done = sum(1 for item in section_items if item["ok"])
                    groups.append(
                        {
                            "title": title,
                            "done": done,
                            "total": len(section_items),
                            "items": section_items,
                        }
                    )
            programme.checklist_summary = " · ".join(
                f"{group['title']}: {group['done']}/{group['total']}"
                for group in groups
            )
            programme.checklist_html = self.env["ir.qweb"]._render(
                "mc_qualification.mc_programme_checklist", {"groups": groups}
            )

    def _get_checklist(self):
        """The checks that apply to this programme, evaluated: a list of dicts
        with section, key, label, ok and note, in the order of the checks."""
        self.ensure_one()
        facts = self._mc_checklist_facts()
        items = []
        for check in self._mc_checklist_checks():
            if check.applies and not check.applies(self, facts):
                continue
            note = check.note(self, facts) if callable(check.note) else check.note
            items.append(
                {
                    "section": check.section,
                    "key": check.key,
                    "label": check.label(self, facts)
                    if callable(check.label)
                    else check.label,
                    "ok": bool(check.predicate(self, facts)),
                    "note": note or "",
                }
            )
        return items

    @api.model
    def _mc_checklist_sections(self):
        """(key, title, blocks publishing) of each section, in display order."""
        return [
            ("mandatory", self.env._("Annex I, mandatory elements"), True),
            ("optional", self.env._("Annex I, optional elements"), False),
            ("cmf", self.env._("CMF criteria"), True),
            ("supplement", self.env._("Supplement data"), False),
        ]

    def _mc_checklist_facts(self):
        """What several checks need, gathered once per programme."""
        self.ensure_one()
        institutions = self.partnership_id.member_ids.institution_id
        units = self.unit_ids
        return {
            "institutions": institutions,
            "units": units,
            "no_country": institutions.filtered(lambda i: not i.country_id),
            "no_nqf": institutions.filtered(lambda i: not i.nqf_name),
            "no_system": institutions.filtered(
                lambda i: is_html_empty(i.he_system_description)
            ),
            "signatories": self.leading_institution_id.signatory_ids._filtered_valid(
                fields.Date.context_today(self)
            ),
            "assessed_units": units.filtered(
                lambda u: u.assessment_type and u.assessment_type != "none"
            ),
        }

    @api.model
    def _mc_checklist_checks(self):
        """Every check, in display order: Annex I of the Council Recommendation
        of 16 June 2022 (mandatory and optional elements), the CMF criteria (CMF
        types only) and the data the qualification supplement needs."""
        return (
            self._mc_checklist_mandatory_checks()
            + self._mc_checklist_optional_checks()
            + self._mc_checklist_cmf_checks()
            + self._mc_checklist_supplement_checks()
        )

    @api.model
    def _mc_checklist_mandatory_checks(self):
        """Annex I, mandatory elements: who and when, then what is learnt."""
        return (
            self._mc_checklist_identification_checks()
            + self._mc_checklist_description_checks()
        )

    @api.model
    def _mc_checklist_identification_checks(self):
        section = "mandatory"
        return [
            Check(
                section,
                "learner",
                self.env._("Identification of the learner"),
                lambda p, f: True,
                self.env._("From the learner record, on each award."),
            ),
            Check(
                section,
                "title",
                self.env._("Title of the micro-credential"),
                _has("name"),
            ),
            Check(
                section,
                "country",
                self.env._("Country(ies)/Region(s) of the issuer"),
                lambda p, f: bool(f["institutions"]) and not f["no_country"],
                lambda p, f: self.env._(
                    "No country: %(names)s",
                    names=", ".join(f["no_country"].mapped("name")),
                )
                if f["no_country"]
                else ", ".join(c.name for c in f["institutions"].country_id),
            ),
            Check(
                section,
                "awarding_body",
                self.env._("Awarding body(ies)"),
                _has("leading_institution_id"),
                lambda p, f: ", ".join(f["institutions"].mapped("name"))
                if p.leading_institution_id
                else self.env._("The partnership needs a leading institution."),
            ),
            Check(
                section,
                "date",
                self.env._("Date of issuing"),
                lambda p, f: True,
                self.env._("Set when the award is issued."),
            ),
        ]

    @api.model
    def _mc_checklist_description_checks(self):
        section = "mandatory"
        return [
            Check(
                section,
                "outcomes",
                self.env._("Learning outcomes"),
                lambda p, f: not is_html_empty(p.learning_outcomes),
            ),
            Check(
                section,
                "workload",
                self.env._("Notional workload (ECTS)"),
                lambda p, f: p.ects > 0,
                lambda p, f: p.hours_warning
                or (
                    self.env._("%(ects)s ECTS", ects=fmt_number(p.ects))
                    if p.ects
                    else ""
                ),
            ),
            Check(
                section,
                "level",
                self.env._("Level (EQF) and cycle"),
                _has("eqf_level"),
                lambda p, f: self.env._("EQF %(level)s", level=p.eqf_level)
                if p.eqf_level
                else "",
            ),
            Check(
                section,
                "assessment",
                self.env._("Type of assessment"),
                lambda p, f: bool(p.assessment_type)
                or (bool(f["units"]) and all(f["units"].mapped("assessment_type"))),
            ),
            Check(
                section,
                "participation",
                self.env._("Form of participation (and delivery)"),
                lambda p, f: bool(p.participation_form and p.delivery_method),
            ),
            Check(
                section,
                "quality_assurance",
                self.env._("Type of quality assurance"),
                _has("quality_assurance"),
            ),
        ]

    @api.model
    def _mc_checklist_optional_checks(self):
        section = "optional"
        return [
            Check(
                section,
                "prerequisites",
                self.env._("Prerequisites"),
                _has("prerequisites"),
            ),
            Check(
                section,
                "supervision",
                self.env._("Supervision and identity verification during assessment"),
                lambda p, f: bool(f["units"])
                and all(f["units"].mapped("supervision_mode")),
                self.env._("Set on every unit."),
            ),
            Check(
                section,
                "grade",
                self.env._("Grade achieved"),
                lambda p, f: True,
                self.env._("From the results, on each award."),
            ),
            Check(
                section,
                "stackability",
                self.env._("Integration/stackability options"),
                lambda p, f: p.integration == "stand_alone"
                or (p.integration == "stackable" and bool(p.stacking_ids)),
            ),
            Check(
                section,
                "further_information",
                self.env._("Further information"),
                _has("further_information"),
            ),
        ]

    @api.model
    def _mc_checklist_cmf_checks(self):
        """The criteria of the Common Microcredential Framework, for CMF types."""
        section = "cmf"

        def is_cmf(programme, _facts):
            return programme.qualification_type_id.is_cmf

        def qtype(programme):
            return programme.qualification_type_id

        return [
            Check(
                section,
                "cmf_hours",
                lambda p, f: self.env._(
                    "%(low)s to %(high)s hours of study",
                    low=fmt_number(qtype(p).cmf_hours_min),
                    high=fmt_number(qtype(p).cmf_hours_max),
                ),
                lambda p, f: qtype(p).cmf_hours_min
                <= p.hours
                <= qtype(p).cmf_hours_max,
                lambda p, f: self.env._("%(hours)s hours", hours=fmt_number(p.hours)),
                is_cmf,
            ),
            Check(
                section,
                "cmf_ects",
                lambda p, f: self.env._("Volume of %(band)s", band=qtype(p).ects_band),
                lambda p, f: qtype(p).ects_min <= p.ects <= qtype(p).ects_max,
                lambda p, f: self.env._("%(ects)s ECTS", ects=fmt_number(p.ects)),
                is_cmf,
            ),
            Check(
                section,
                "cmf_eqf",
                lambda p, f: self.env._(
                    "EQF level %(low)s to %(high)s",
                    low=qtype(p).eqf_min,
                    high=qtype(p).eqf_max,
                ),
                lambda p, f: qtype(p).eqf_min <= p.eqf_level <= qtype(p).eqf_max,
                applies=is_cmf,
            ),
            Check(
                section,
                "cmf_assessment",
                self.env._("Reliable assessment with identity verification"),
                lambda p, f: bool(f["assessed_units"])
                and (
                    not qtype(p).cmf_identity_verified
                    or all(
                        mode == "supervised_id"
                        for mode in f["assessed_units"].mapped("supervision_mode")
                    )
                ),
                applies=is_cmf,
            ),
            Check(
                section,
                "cmf_degree",
                self.env._("Counts towards a degree programme"),
                lambda p, f: not qtype(p).cmf_counts_towards_degree
                or p.counts_towards_degree,
                applies=is_cmf,
            ),
        ]

    @api.model
    def _mc_checklist_supplement_checks(self):
        """What the qualification supplement prints (numbered as its sections)."""
        section = "supplement"
        return [
            Check(
                section,
                "field",
                self.env._("2.2 Field(s) of study"),
                _has("field_of_study"),
            ),
            Check(
                section,
                "languages",
                self.env._("2.5 Language(s) of instruction"),
                _has("instruction_lang_ids"),
            ),
            Check(
                section,
                "nqf",
                self.env._("3.1 National framework of each institution"),
                lambda p, f: bool(f["institutions"]) and not f["no_nqf"],
                lambda p, f: ", ".join(f["no_nqf"].mapped("name")),
            ),
            Check(
                section,
                "signatory",
                self.env._("7 Signatory of the leading institution"),
                lambda p, f: bool(f["signatories"]),
                lambda p, f: ", ".join(f["signatories"].mapped("person_id.name")),
            ),
            Check(
                section,
                "he_system",
                self.env._("8 National higher-education system of each institution"),
                lambda p, f: bool(f["institutions"]) and not f["no_system"],
                lambda p, f: ", ".join(f["no_system"].mapped("name")),
            ),
            Check(
                section,
                "mobility",
                self.env._("Mobility scheme (network programme)"),
                _has("mobility_window_ids"),
                applies=lambda p, f: p.partnership_id.ownership_model == "network",
            ),
        ]


def _has(field_name):
    """Predicate: the programme's field is set."""
    return lambda programme, _facts: bool(programme[field_name])
