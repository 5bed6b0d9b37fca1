# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.mc_enrolment_elmo import STUDENT_NUMBER
from ..tools import elmo


def _text(node, tag):
    child = node.find(elmo.qname(tag)) if node is not None else None
    return (child.text or "").strip() if child is not None else ""


def _identifiers(node):
    return {
        (child.get("type") or "").strip(): (child.text or "").strip()
        for child in node.findall(elmo.qname("identifier"))
    }


class McElmoImport(models.TransientModel):
    """Record the results of an EMREX ELMO transcript sent by a partner.

    Upload the file, check the preview (which learner, which enrolment and
    which unit each learning opportunity maps to), then confirm: the results
    are recorded under the sending institution, all or nothing; results
    already recorded are left as they are, so importing twice changes nothing.
    """

    _name = "mc.elmo.import"
    _description = "Import an ELMO Transcript"

    file = fields.Binary(string="ELMO File", required=True)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")],
        default="upload",
        required=True,
    )
    institution_id = fields.Many2one(
        "res.partner", string="Sending Institution", readonly=True
    )
    signed = fields.Boolean(string="Signature Checked", readonly=True)
    learner_id = fields.Many2one("res.partner", string="Learner", readonly=True)
    learner_match = fields.Char(string="Learner Matched By", readonly=True)
    enrolment_id = fields.Many2one("mc.enrolment", string="Enrolment", readonly=True)
    line_ids = fields.One2many(
        "mc.elmo.import.line", "import_id", string="Learning Opportunities"
    )
    new_count = fields.Integer(string="Results to Record", readonly=True)
    known_count = fields.Integer(string="Already Recorded", readonly=True)

    def action_preview(self):
        """Check the file and show how it maps to our records."""
        self.ensure_one()
        self._mc_prepare()
        return self._mc_reopen()

    def action_import(self):
        """Record the new results of the transcript (after the preview)."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("This transcript has already been imported."))
        self._mc_prepare()
        lines = self.line_ids.filtered(lambda line: line.action == "create")
        self.env["mc.result"].create(
            [
                {
                    "enrolment_id": self.enrolment_id.id,
                    "unit_id": line.unit_id.id,
                    "institution_id": self.institution_id.id,
                    "grade": line.grade or False,
                    "date": line.date or fields.Date.context_today(self),
                    "passed": line.passed,
                    "ects_earned": line.ects if line.passed else 0.0,
                }
                for line in lines
            ]
        )
        self.state = "done"
        return self._mc_reopen()

    def action_view_enrolment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.enrolment",
            "res_id": self.enrolment_id.id,
            "view_mode": "form",
        }

    def _mc_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import an ELMO Transcript"),
        }

    # ------------------------------------------------------------ reading
    def _mc_document(self):
        """The validated root element; a UserError says what is wrong."""
        data = base64.b64decode(self.file or b"")
        try:
            return data, elmo.parse(data)
        except elmo.ElmoError as error:
            messages = {
                "not_xml": self.env._(
                    "This file is not an ELMO transcript: it is not XML."
                ),
                "not_elmo": self.env._(
                    "This file is not an ELMO transcript: its root element is "
                    "%(tag)s, not elmo of the EMREX ELMO namespace.",
                    tag=error.detail,
                ),
                "invalid": self.env._(
                    "This ELMO transcript does not follow the ELMO schema: "
                    "%(detail)s",
                    detail=error.detail,
                ),
            }
            raise UserError(messages[error.code]) from error

    def _mc_prepare(self):
        """Read, check and match the file; fill the preview. Raises a
        UserError on any problem, before anything is recorded."""
        data, root = self._mc_document()
        reports = root.findall(elmo.qname("report"))
        institutions = self._mc_match_issuers(reports)
        ours = self.env.company.partner_id
        senders = institutions - ours
        if len(senders) != 1:
            raise UserError(
                self.env._(
                    "This transcript holds results of %(count)s institutions "
                    "other than ours (%(names)s); import a transcript from one "
                    "partner at a time.",
                    count=len(senders),
                    names=", ".join(senders.mapped("name")) or "-",
                )
            )
        self._mc_check_signature(data, root, senders)
        learner, matched_by = self._mc_match_learner(root.find(elmo.qname("learner")))
        report = reports[list(institutions).index(senders)]
        enrolment, opportunities = self._mc_match_enrolment(learner, report)
        self.line_ids.unlink()
        self.write(
            {
                "state": "preview",
                "institution_id": senders.id,
                "signed": elmo.signature(root) is not None,
                "learner_id": learner.id,
                "learner_match": matched_by,
                "enrolment_id": enrolment.id,
                "line_ids": [
                    fields.Command.create(values)
                    for values in self._mc_match_units(
                        enrolment, senders, opportunities
                    )
                ],
            }
        )
        self.new_count = len(
            self.line_ids.filtered(lambda line: line.action == "create")
        )
        self.known_count = len(self.line_ids) - self.new_count

    def _mc_match_issuers(self, reports):
        """The institution of each report's issuer (by Erasmus code, PIC, then
        name), in report order."""
        Partner = self.env["res.partner"]
        institutions = Partner
        for report in reports:
            issuer = report.find(elmo.qname("issuer"))
            ids = _identifiers(issuer)
            title = _text(issuer, "title")
            domain = [("is_institution", "=", True)]
            if ids.get("erasmus"):
                match = Partner.search(domain + [("erasmus_code", "=", ids["erasmus"])])
            elif ids.get("pic"):
                match = Partner.search(domain + [("pic_code", "=", ids["pic"])])
            else:
                match = Partner.search(domain + [("name", "=", title)])
            if len(match) != 1:
                raise UserError(
                    self.env._(
                        "The sending institution %(name)s is not an institution "
                        "known here: record it (with its Erasmus code) first.",
                        name=title,
                    )
                )
            institutions += match
        return institutions

    def _mc_check_signature(self, data, root, institution):
        if elmo.signature(root) is None:
            return
        certificate = institution.mc_elmo_certificate
        if not certificate:
            raise UserError(
                self.env._(
                    "This transcript is signed, but no transcript certificate of "
                    "%(institution)s is recorded to check it: add it on the "
                    "institution first.",
                    institution=institution.name,
                )
            )
        try:
            elmo.verify(data, certificate.encode())
        except elmo.ElmoError as error:
            raise UserError(
                self.env._(
                    "The signature of this transcript does not match its content "
                    "or the certificate of %(institution)s: the file was altered "
                    "after signing or was not signed by them. Nothing was imported.",
                    institution=institution.name,
                )
            ) from error

    def _mc_match_learner(self, node):
        """(learner, how) by student numbers, confirmed by name and birth date;
        else by name and birth date."""
        given, family = _text(node, "givenNames"), _text(node, "familyName")
        bday = _text(node, "bday")[:10]
        name = " ".join(part for part in (given, family) if part)
        pairs = [
            (value, kind[len(STUDENT_NUMBER) :])
            for kind, value in _identifiers(node).items()
            if kind.startswith(STUDENT_NUMBER)
        ]
        resolved = self.env["mc.student.identifier"]._mc_resolve_learners(pairs)
        learners = self.env["res.partner"].union(
            *(learner for __, learner in resolved.values())
        )
        if len(learners) == 1:
            if (learners.name or "").lower() != name.lower() or (
                bday and learners.birth_date and str(learners.birth_date) != bday
            ):
                raise UserError(
                    self.env._(
                        "The student number in the transcript belongs to "
                        "%(learner)s, but the transcript names %(name)s (born "
                        "%(bday)s): check the learner before importing.",
                        learner=learners.name,
                        name=name,
                        bday=bday or "-",
                    )
                )
            return learners, self.env._("Student number, confirmed by name")
        domain = [("is_learner", "=", True), ("name", "=ilike", name)]
        if bday:
            domain.append(("birth_date", "=", bday))
        learners = self.env["res.partner"].search(domain) if bday else learners
        if len(learners) != 1:
            raise UserError(
                self.env._(
                    "Unknown learner: no learner here has the student numbers of "
                    "this transcript, or the name %(name)s with the birth date "
                    "%(bday)s. Record the learner first.",
                    name=name,
                    bday=bday or "-",
                )
            )
        return learners, self.env._("Name and birth date")

    def _mc_opportunities(self, report):
        """The programme code and the units (leaf learning opportunities with
        an instance) of a report, as plain values."""
        programme_code, units = "", []
        for los in report.iter(elmo.qname("learningOpportunitySpecification")):
            if los.find(elmo.qname("hasPart")) is not None:
                programme_code = programme_code or _identifiers(los).get("local", "")
                continue
            loi = los.find(
                f"{elmo.qname('specifies')}/{elmo.qname('learningOpportunityInstance')}"
            )
            credit = next(
                (
                    _text(node, "value")
                    for node in loi.findall(elmo.qname("credit"))
                    if _text(node, "scheme").lower() == "ects"
                ),
                "",
            )
            units.append(
                {
                    "code": _identifiers(los).get("local", ""),
                    "title": _text(los, "title"),
                    "grade": _text(loi, "resultLabel"),
                    "date": _text(loi, "date")[:10] or False,
                    "passed": _text(loi, "status") == "passed",
                    "ects": float(credit or 0.0),
                }
            )
        return programme_code, units

    def _mc_match_enrolment(self, learner, report):
        """The learner's enrolment the report's programme belongs to."""
        programme_code, units = self._mc_opportunities(report)
        enrolments = self.env["mc.enrolment"].search(
            [("learner_id", "=", learner.id), ("state", "!=", "withdrawn")]
        )
        matching = enrolments.filtered(
            lambda e: programme_code and e.programme_id.code == programme_code
        ) or enrolments.filtered(
            lambda e: {u["code"] for u in units}
            & set(e.programme_id.unit_ids.mapped("code"))
        )
        if not matching:
            raise UserError(
                self.env._(
                    "%(learner)s has no enrolment here in the programme of this "
                    "transcript (%(code)s). Enrol the learner first.",
                    learner=learner.name,
                    code=programme_code or "-",
                )
            )
        return matching.sorted(lambda e: e.state != "enrolled")[:1], units

    def _mc_match_units(self, enrolment, institution, opportunities):
        """Line values for each learning opportunity: its unit (by code, else
        title and credits) and whether it is new or already recorded."""
        units = enrolment.programme_id.unit_ids
        existing = {result.unit_id: result for result in enrolment.result_ids}
        lines, unmatched = [], []
        for item in opportunities:
            code = item["code"].lower()
            unit = units.filtered(lambda u, c=code: c and (u.code or "").lower() == c)
            unit = unit or units.filtered(
                lambda u, i=item: u.with_context(lang="en_US").name == i["title"]
                and not float_compare(u.ects, i["ects"], precision_digits=2)
            )
            if len(unit) != 1:
                unmatched.append(item["code"] or item["title"])
                continue
            result = existing.get(unit)
            action = "create"
            if result:
                same = (result.grade or "") == item["grade"] and (
                    result.institution_id == institution
                )
                if not same:
                    raise UserError(
                        self.env._(
                            "%(learner)s already has a different result for unit "
                            "%(unit)s (%(grade)s from %(institution)s). Correct it "
                            "by hand; nothing was imported.",
                            learner=enrolment.learner_id.name,
                            unit=unit.display_name,
                            grade=result.grade or "-",
                            institution=result.institution_id.name or "-",
                        )
                    )
                action = "known"
            lines.append(dict(item, unit_id=unit.id, action=action))
        if unmatched:
            raise UserError(
                self.env._(
                    "These learning opportunities match no unit of %(programme)s "
                    "(by code, or by title and credits): %(items)s. Nothing was "
                    "imported.",
                    programme=enrolment.programme_id.display_name,
                    items=", ".join(unmatched),
                )
            )
        return lines
