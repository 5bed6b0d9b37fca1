# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from lxml import etree

from odoo import models

from ..tools import elmo

STUDENT_NUMBER = "studentNumber@"


def _el(parent, tag, text=None, **attrs):
    """A child element of the ELMO namespace, with its text and attributes."""
    element = etree.SubElement(parent, elmo.qname(tag))
    for key, value in attrs.items():
        element.set(elmo.XML_LANG if key == "lang" else key, value)
    if text is not None:
        element.text = str(text)
    return element


def _decimal(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


class McEnrolment(models.Model):
    """EMREX ELMO transcript of an enrolment: the learner, and for each
    assessing institution a report with the programme and its units as
    learning opportunity specifications and instances."""

    _inherit = "mc.enrolment"

    def _mc_elmo_xml(self):
        """The ELMO document (bytes, UTF-8) of this enrolment, valid against
        the ELMO schema; signed (enveloped XML-DSig) when the exporting
        institution has a certificate and a key."""
        self.ensure_one()
        root = etree.Element(elmo.qname("elmo"), nsmap={None: elmo.NS})
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        _el(root, "generatedDate", now.isoformat())
        self._mc_elmo_learner(root)
        results = self.result_ids.sorted(lambda r: (r.unit_id.sequence, r.unit_id.id))
        institutions = results.institution_id or self._mc_elmo_exporter()
        for institution in institutions:
            self._mc_elmo_report(
                root,
                institution,
                results.filtered(lambda r, i=institution: r.institution_id == i),
                now,
            )
        elmo.validate(root)
        exporter = self._mc_elmo_exporter()
        key = exporter.sudo().mc_elmo_private_key  # the key never leaves this method
        if key and exporter.mc_elmo_certificate:
            root = elmo.sign(root, key.encode(), exporter.mc_elmo_certificate.encode())
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _mc_elmo_exporter(self):
        """The institution that exports (and signs) the transcript: the
        company's own institution when it is a partner of the programme, else
        the home institution, else the leading institution."""
        institutions = self.programme_id.institution_ids
        company_partner = self.company_id.partner_id
        if company_partner in institutions:
            return company_partner
        return (
            self.home_institution_id
            or self.partnership_id.leading_institution_id
            or institutions[:1]
        )

    def _mc_elmo_learner(self, root):
        learner = self.learner_id
        node = _el(root, "learner")
        if learner.nationality_id.code:
            _el(node, "citizenship", learner.nationality_id.code.upper())
        for ident in learner.student_identifier_ids:
            institution = ident.institution_id
            _el(
                node,
                "identifier",
                ident.identifier,
                type=STUDENT_NUMBER + (institution.erasmus_code or institution.name),
            )
        given, __, family = (learner.name or "").rpartition(" ")
        _el(node, "givenNames", given or family)
        _el(node, "familyName", family)
        if learner.birth_date:
            _el(node, "bday", learner.birth_date.isoformat())
        if learner.birth_place:
            _el(node, "placeOfBirth", learner.birth_place)

    def _mc_elmo_issuer(self, report, institution):
        issuer = _el(report, "issuer")
        if institution.country_id.code:
            _el(issuer, "country", institution.country_id.code.upper())
        identifiers = [
            ("erasmus", institution.erasmus_code),
            ("pic", institution.pic_code),
            ("local", str(institution.id)),
        ]
        for kind, value in identifiers:
            if value:
                _el(issuer, "identifier", value, type=kind)
        _el(issuer, "title", institution.name, lang="en")
        _el(issuer, "url", institution.website or self._mc_elmo_base_url())

    def _mc_elmo_base_url(self):
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url")

    def _mc_elmo_report(self, root, institution, results, now):
        report = _el(root, "report")
        self._mc_elmo_issuer(report, institution)
        programme = self.programme_id
        los = _el(report, "learningOpportunitySpecification")
        if programme.code:
            _el(los, "identifier", programme.code, type="local")
        self._mc_elmo_titles(los, programme)
        _el(los, "type", "Module")
        loi = _el(_el(los, "specifies"), "learningOpportunityInstance")
        _el(loi, "start", self.edition_id.date_start.isoformat())
        if self.edition_id.date_end:
            _el(loi, "date", self.edition_id.date_end.isoformat())
        status = "passed" if self.is_complete else "in-progress"
        _el(loi, "status", status)
        self._mc_elmo_credit(loi, sum(results.mapped("ects_earned")))
        if programme.eqf_level:
            level = _el(loi, "level")
            _el(level, "type", "EQF")
            _el(level, "value", programme.eqf_level)
        for result in results:
            part = _el(_el(los, "hasPart"), "learningOpportunitySpecification")
            self._mc_elmo_unit(part, result)
        _el(report, "issueDate", now.isoformat())

    def _mc_elmo_unit(self, los, result):
        unit = result.unit_id
        if unit.code:
            _el(los, "identifier", unit.code, type="local")
        self._mc_elmo_titles(los, unit)
        _el(los, "type", "Course")
        loi = _el(_el(los, "specifies"), "learningOpportunityInstance")
        _el(loi, "identifier", str(result.id), type="local")
        _el(loi, "date", result.date.isoformat())
        _el(loi, "status", "passed" if result.passed else "failed")
        if result.grade:
            _el(loi, "resultLabel", result.grade)
        self._mc_elmo_credit(loi, result.ects_earned or unit.ects)
        if unit.eqf_level:
            level = _el(loi, "level")
            _el(level, "type", "EQF")
            _el(level, "value", unit.eqf_level)
        languages = self.programme_id.instruction_lang_ids
        if languages:
            _el(loi, "languageOfInstruction", languages[0].iso_code.split("_")[0])
        if unit.hours:
            _el(loi, "engagementHours", _decimal(unit.hours))

    def _mc_elmo_credit(self, loi, ects):
        credit = _el(loi, "credit")
        _el(credit, "scheme", "ects")
        _el(credit, "value", _decimal(ects))

    def _mc_elmo_titles(self, los, record):
        """The title in English, then in the learner's language when other."""
        langs = ["en_US"]
        learner_lang = self.learner_id.lang
        if learner_lang and learner_lang != "en_US":
            langs.append(learner_lang)
        seen = set()
        for lang in langs:
            title = record.with_context(lang=lang).name
            if title and title not in seen:
                seen.add(title)
                _el(los, "title", title, lang=lang.split("_")[0])

    def action_download_elmo(self):
        """Download the ELMO transcript of the enrolment."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/mc/elmo/{self.id}",
            "target": "self",
        }

    def _mc_elmo_filename(self):
        self.ensure_one()
        code = (self.programme_id.code or "programme").replace("/", "-")
        return f"elmo-{code}-{self.id}.xml".replace(" ", "-")
