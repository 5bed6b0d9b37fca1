# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from mc_credentials import loq as loq_lib
from mc_credentials.credential import CredentialDataError
from mc_credentials.elm_vocab import VocabularyError

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext


class McProgramme(models.Model):
    """The programme catalogue in ELM (Learning Opportunities and Qualifications)."""

    _inherit = "mc.programme"

    isced_f_code = fields.Char(
        string="ISCED-F field",
        size=4,
        help="ISCED-F 2013 field of education and training (2 to 4 digits, e.g. "
        "0613 Software and applications development). European Digital "
        "Credentials and the programme catalogue name the field by this code.",
    )

    @api.constrains("isced_f_code")
    def _check_isced_f_code(self):
        for programme in self:
            code = programme.isced_f_code
            if code and not re.fullmatch(r"\d{2,4}", code):
                raise ValidationError(
                    self.env._(
                        "The ISCED-F field is a code of 2 to 4 digits (e.g. 0613), "
                        "not %(value)s.",
                        value=code,
                    )
                )

    def _mc_edc_lang_map(self, langs, getter):
        """``{lang: getter(programme in lang)}`` without empty values."""
        self.ensure_one()
        values = {code: getter(self.with_context(lang=code)) for code in langs}
        return {code: value for code, value in values.items() if value} or None

    def _mc_elm_id(self, base_url):
        """The programme's identifier in ELM documents (its catalogue URL)."""
        self.ensure_one()
        return f"{base_url}/mc/elm/programmes/{self.id}"

    def _mc_elm_outcomes(self, langs):
        """Learning outcomes, one per list item or paragraph, each as
        ``{lang: text}`` (outcomes match across languages by position)."""
        self.ensure_one()
        per_lang = {}
        for code in langs:
            text = html2plaintext(self.with_context(lang=code).learning_outcomes or "")
            lines = (line.strip(" *-\t") for line in text.splitlines())
            per_lang[code] = [line for line in lines if line]
        return [
            {code: lines[i] for code, lines in per_lang.items() if i < len(lines)}
            for i in range(len(per_lang[langs[0]]))
        ]

    def _mc_elm_nqf(self, alignment):
        """The national framework level of one institution's alignment."""
        if not alignment or not alignment.nqf_level:
            return []
        country = (alignment.institution_id.country_id.code or "xx").lower()
        slug = re.sub(r"[^a-z0-9]+", "-", alignment.nqf_level.lower()).strip("-")
        return [{"key": f"{country}-{slug}", "label": alignment.nqf_level}]

    def _mc_elm_duration(self):
        """Maximum duration of the programme (longest edition), ISO 8601."""
        self.ensure_one()
        editions = self.env["mc.edition"].search([("programme_id", "=", self.id)])
        days = max(((e.date_end - e.date_start).days + 1 for e in editions), default=0)
        return f"P{days}D" if days else None

    def _mc_elm_languages(self):
        """Document languages of the leading institution (the awards' helper)."""
        self.ensure_one()
        leading = self.leading_institution_id or self.institution_ids[:1]
        return self.env["mc.award"]._mc_document_languages(leading)

    def _mc_elm_editions(self, base_url, langs):
        editions = self.env["mc.edition"].search(
            [("programme_id", "=", self.id), ("state", "!=", "closed")],
            order="date_start",
        )
        return [
            {
                "id": f"{self._mc_elm_id(base_url)}#edition-{edition.id}",
                "start": edition.date_start,
                "end": edition.date_end,
                "seats_note": {
                    code: self.with_context(lang=code).env._(
                        "%(seats)s seats", seats=edition.seats
                    )
                    for code in langs
                }
                if edition.seats
                else None,
            }
            for edition in editions
        ]

    def _mc_elm_data(self):
        """Plain dict of a published programme for the LOQ builder."""
        self.ensure_one()
        langs = self._mc_elm_languages()
        base_url = self.get_base_url()
        leading = self.leading_institution_id or self.institution_ids[:1]
        alignment = self.alignment_ids.filtered(lambda a: a.institution_id == leading)[
            :1
        ]
        return {
            "id": self._mc_elm_id(base_url),
            "languages": langs,
            "homepage": self._mc_elm_id(base_url),
            "title": self._mc_edc_lang_map(langs, lambda p: p.name),
            "learning_outcomes": self._mc_elm_outcomes(langs),
            "eqf_level": self.eqf_level or None,
            "isced_f": [self.isced_f_code] if self.isced_f_code else [],
            "nqf": self._mc_elm_nqf(alignment),
            "credits": self.ects,
            "workload_hours": self.hours,
            "instruction_languages": self.instruction_lang_ids.mapped("code"),
            "mode": [self.delivery_method] if self.delivery_method else [],
            "entry_requirements": self._mc_edc_lang_map(
                langs, lambda p: p.prerequisites
            ),
            "max_duration": self._mc_elm_duration(),
            "awarding_bodies": [
                i._mc_edc_organisation() for i in leading | self.institution_ids
            ],
            "editions": self._mc_elm_editions(base_url, langs),
        }

    def _mc_elm_loq(self):
        """The programme's LOQ JSON-LD (ELM Learning Opportunities and
        Qualifications) as a dict; clear message when data are missing."""
        self.ensure_one()
        if self.state != "published":
            raise UserError(
                self.env._("Only published programmes are in the catalogue.")
            )
        try:
            return loq_lib.build_loq(self._mc_elm_data())
        except (CredentialDataError, VocabularyError) as exc:
            raise UserError(
                self.env._(
                    "%(programme)s cannot be exported to the European catalogue: "
                    "%(reason)s",
                    programme=self.display_name,
                    reason=exc,
                )
            ) from exc

    @api.model
    def _mc_elm_catalogue(self):
        """``(listing dict, skipped programmes)`` of every published programme."""
        documents, skipped = [], self.browse()
        for programme in self.search([("state", "=", "published")], order="id"):
            try:
                documents.append(programme._mc_elm_loq())
            except UserError:
                skipped |= programme
        return loq_lib.build_loq_listing(documents), skipped
