# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Printed documents of an award: the certificate, and what every document shares.

The templates only lay out what the methods below prepare: the print mode, the
languages of each page, the QR code and the certificate's pages and texts. The
qualification supplement's sections are in ``mc_award_supplement.py``.
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
        each, in its language) or ``multiple`` (one certificate per institution).
        The separate awards of a joint award with fallback are pages of their
        own (``separate``), see :meth:`_get_certificate_pages`."""
        self.ensure_one()
        if self.award_mode == "multiple":
            return "multiple"
        if len(self._mc_joint_institutions()) == 2:
            return "joint_two_sided"
        return "joint"

    def _get_joint_page_langs(self, institutions, mode):
        """``[(institution, langs)]``: the pages of a joint document. The leading
        institution's page comes first, in its languages and layout; each other
        institution whose mandatory document language (its first one) no page
        carries yet adds a page in that language, in the partnership's order.
        A learner's copy (``learner`` mode) stays one page."""
        self.ensure_one()
        leading = self.leading_institution_id
        if leading not in institutions:
            leading = institutions[:1]
        pages = [(leading, self._get_page_langs(leading, mode))]
        if mode == "learner":
            return pages
        covered = set(pages[0][1])
        for institution in institutions - leading:
            mandatory = self._mc_document_languages(institution)[0]
            if mandatory not in covered:
                langs = self._get_page_langs(institution, mode)
                covered.update(langs)
                pages.append((institution, langs))
        return pages

    def _get_line_of(self, institution):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.institution_id == institution)[
            :1
        ]

    def _get_certificate_pages(self):
        """The pages of the certificate, in print order. Each page is a dict:

        - ``variant``: ``joint``, ``joint_two_sided``, ``multiple`` or
          ``separate`` (the own award of an institution that cannot co-sign);
        - ``langs``: the language of each column (two columns when bilingual);
        - ``institutions``: the institutions shown as awarding on this page;
        - ``line``: the award line of the institution whose side or certificate
          the page is (its crosswalk is printed);
        - ``partner_lines``: the other institutions' certificates it names.
        """
        self.ensure_one()
        mode = self._get_document_mode()
        variant = self._get_certificate_variant()
        if variant == "multiple":
            return [
                {
                    "variant": variant,
                    "langs": self._get_page_langs(line.institution_id, mode),
                    "institutions": line.institution_id,
                    "line": line,
                    "partner_lines": self.line_ids - line,
                }
                for line in self.line_ids
            ]
        institutions = self._mc_joint_institutions()
        if variant == "joint_two_sided":
            sides = [
                (institution, self._get_page_langs(institution, mode))
                for institution in institutions
            ]
        else:
            sides = self._get_joint_page_langs(institutions, mode)
        pages = [
            {
                "variant": variant,
                "langs": langs,
                "institutions": institutions,
                "line": self._get_line_of(institution),
                "partner_lines": self.line_ids.browse(),
            }
            for institution, langs in sides
        ]
        joint_lines = self.line_ids.filtered(
            lambda line: line.institution_id in institutions
        )
        for line in self.line_ids - joint_lines:
            pages.append(
                {
                    "variant": "separate",
                    "langs": self._get_page_langs(line.institution_id, mode),
                    "institutions": line.institution_id,
                    "line": line,
                    "partner_lines": joint_lines,
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
        own = page["variant"] in ("multiple", "separate")
        # A per-institution certificate shows its own number; a joint one those
        # of the institutions that sign it.
        lines = (
            page["line"]
            if own
            else self.line_ids.filtered(lambda ln: ln.institution_id in institutions)
        )
        # The crosswalk of the institution whose side or certificate this is; a
        # one-page joint certificate shows every institution's.
        crosswalk_of = (
            page["line"].institution_id
            if own or page["variant"] == "joint_two_sided"
            else page["institutions"]
        )
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
            "crosswalk": [
                dict(item, institution=item["institution"].name)
                for item in self._mc_crosswalk(crosswalk_of)
            ],
            "partner_certificates": [
                {
                    "institution": ln.institution_id.name,
                    "country": ln.institution_id.country_id.name or "",
                    "award_number": ln.award_number or "",
                }
                for ln in page["partner_lines"]
            ],
        }
