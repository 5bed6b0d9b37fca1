# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import uuid
from datetime import datetime, time, timezone

from mc_credentials import (
    edc as edc_lib,
    jades,
)

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

# awards sealed between two flushes (their documents then leave the cache)
SEAL_CHUNK = 200
SEALED_FIELDS = ["edc_json", "edc_supplement_json"]


def _edc_uuid(credential_uuid):
    """The EDC's id, derived from the award credential's id (stable, unique)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, credential_uuid + '#edc')}"


def _selection_label(record, field_name):
    value = record[field_name]
    return dict(record._fields[field_name]._description_selection(record.env)).get(
        value
    )


class McAward(models.Model):
    """European Digital Credentials (ELM 3.2) of an award, sealed (JAdES) with
    the institutions' seal certificates after the award's Open Badge is signed."""

    _inherit = "mc.award"

    edc_uuid = fields.Char(
        string="EDC id", readonly=True, copy=False, index="btree_not_null"
    )
    edc_json = fields.Text(
        string="Sealed EDC",
        readonly=True,
        copy=False,
        help="European Digital Credential (ELM 3.2, W3C VC 2.0), sealed with the "
        "leading institution's seal certificate (JAdES), exactly as downloaded.",
    )
    edc_supplement_json = fields.Text(
        string="Sealed supplement EDC",
        readonly=True,
        copy=False,
        help="The qualification supplement as a European Digital Credential "
        "(Diploma Supplement profile); needs the learner's date of birth, the "
        "ISCED-F field and the national level of the programme.",
    )

    # ------------------------------------------------------------------------
    # extension point

    def _post_issue(self, awards):
        res = super()._post_issue(awards)
        awards._mc_seal_edcs()
        return res

    # ------------------------------------------------------------------------
    # data for the builder

    def _mc_edc_spec(self, institution, langs):
        """Plain dict of the programme (Annex I elements) for the EDC builder."""
        self.ensure_one()
        programme = self.programme_id
        alignment = programme.alignment_ids.filtered(
            lambda a: a.institution_id == institution
        )[:1]
        spec = {
            "id": programme._mc_elm_id(institution._mc_issuer_base_url()),
            "title": {c: programme.with_context(lang=c).name for c in langs},
            "learning_outcomes": programme._mc_elm_outcomes(langs),
            "credits": programme.ects,
            "workload_hours": programme.hours,
            "eqf_level": programme.eqf_level or None,
            "isced_f": [programme.isced_f_code] if programme.isced_f_code else [],
            "nqf": programme._mc_elm_nqf(alignment),
            "instruction_languages": programme.instruction_lang_ids.mapped("code"),
            "mode": [programme.delivery_method] if programme.delivery_method else [],
            "local_names": {langs[0]: alignment.local_name}
            if alignment.local_name
            else None,
            "max_duration": self._mc_edc_duration(),
        }
        for key, getter in (
            ("quality_assurance", lambda p: p.quality_assurance),
            ("prerequisites", lambda p: p.prerequisites),
            ("entry_requirements", lambda p: p.prerequisites),
            ("further_information", lambda p: p.further_information),
            ("integration", lambda p: _selection_label(p, "integration")),
            ("participation_note", lambda p: _selection_label(p, "participation_form")),
        ):
            spec[key] = programme._mc_edc_lang_map(langs, getter)
        return spec

    def _mc_edc_duration(self):
        """Duration of the award's edition (ISO 8601), the programme's maximum."""
        self.ensure_one()
        edition = self.edition_id
        if not edition.date_start or not edition.date_end:
            return None
        return f"P{(edition.date_end - edition.date_start).days + 1}D"

    def _mc_edc_assessment(self, institution, langs):
        self.ensure_one()
        programme = self.programme_id
        line = self.line_ids.filtered(lambda ln: ln.institution_id == institution)[:1]
        passed = {c: self.with_context(lang=c).env._("Passed") for c in langs}
        return {
            "title": programme._mc_edc_lang_map(
                langs, lambda p: _selection_label(p, "assessment_type") or p.name
            ),
            "grade": {langs[0]: line.classification} if line.classification else passed,
            "mode": [programme.delivery_method] if programme.delivery_method else [],
        }

    def _mc_edc_data(self, institution):
        """Plain dict of one EDC of this award, issued by ``institution``."""
        self.ensure_one()
        langs = self._mc_document_languages(institution)
        learner = self.learner_id.sudo()  # birth date: registry group only
        spec = self._mc_edc_spec(institution, langs)
        spec["assessment"] = self._mc_edc_assessment(institution, langs)
        award_date = self.award_date or fields.Date.context_today(self)
        data = {
            "id": _edc_uuid(self.credential_uuid),
            "issued_context": institution._mc_issuer_base_url()
            + edc_lib.ISSUED_CONTEXT_PATH,
            "issued": datetime.combine(award_date, time(12), timezone.utc),
            "valid_from": datetime.combine(award_date, time(12), timezone.utc),
            "languages": langs,
            "number": self.name,
            "issuer": institution._mc_edc_organisation(),
            "learner": {
                "id": _edc_uuid(self.credential_uuid + "#learner"),
                "full_name": learner.name,
                "email": learner.email or None,
                "date_of_birth": learner.birth_date and learner.birth_date.isoformat(),
            },
            "achievement": spec,
            "credits_earned": self.programme_id.ects,
            "activity_start": self.edition_id.date_start,
            "activity_end": self.edition_id.date_end,
            "parts": [
                {"title": unit.name, "credits": unit.ects}
                for unit in self.programme_id.unit_ids
            ],
        }
        if self.credential_valid_until:
            data["valid_until"] = datetime.combine(
                self.credential_valid_until, time(23, 59, 59), timezone.utc
            )
        return data

    # ------------------------------------------------------------------------
    # build and seal

    def _mc_seal_edcs(self):
        """Build and seal the EDCs of signed awards whose issuing institution has
        a seal certificate (joint: the leading one, on the partners' mandate;
        multiple: each institution its own)."""
        awards = self.filtered(lambda a: a.credential_json and not a.edc_json)
        if not awards:
            return
        institutions = awards.line_ids.institution_id | awards.leading_institution_id
        certificates = self.env["mc.seal.certificate"]._mc_active_for(institutions)
        # the keys and chains are parsed once per batch, not once per award
        materials = {
            institution: (certificate._mc_key(), certificate._mc_chain())
            for institution, certificate in certificates.items()
        }
        for chunk in split_every(SEAL_CHUNK, awards.ids, awards.browse):
            for award in chunk:
                members = award._mc_edc_members()
                if not members[:1] or members[:1] not in materials:
                    continue
                try:
                    award._mc_seal_one(members, materials)
                except (edc_lib.CredentialDataError, ValueError) as exc:
                    raise UserError(
                        self.env._(
                            "The European Digital Credential of %(award)s cannot "
                            "be built: %(reason)s",
                            award=award.name,
                            reason=exc,
                        )
                    ) from exc
            # sealed documents are ~30 KB each: written, then dropped from the
            # cache, so that a cohort of 10,000 does not hold them all in memory
            self.env.flush_all()
            chunk.invalidate_recordset(SEALED_FIELDS)
            chunk.line_ids.invalidate_recordset(["edc_json"])

    def _mc_seal_one(self, members, materials):
        self.ensure_one()
        leading = members[:1]
        now = datetime.now(timezone.utc)
        data = self._mc_edc_data(leading)
        vals = {"edc_uuid": data["id"]}
        if self.award_mode == "multiple" and len(members) > 1:
            self._mc_seal_multiple(data, members, materials, now, vals)
        else:
            if len(members) > 1:
                data["co_awarders"] = [m._mc_edc_organisation() for m in members[1:]]
                data["mandates"] = [{"statement": self._mc_mandate_statement(members)}]
                payload = edc_lib.build_joint_edc(data)
            else:
                payload = edc_lib.build_edc(data)
            vals["edc_json"] = self._mc_seal_text(payload, materials[leading], now)
            self._mc_seal_separate(materials, now)
        supplement = self._mc_supplement_payload(data, members)
        if supplement:
            vals["edc_supplement_json"] = self._mc_seal_text(
                supplement, materials[leading], now
            )
        self._write_transition(vals)

    def _mc_edc_members(self):
        """The institutions of the award's (joint) EDC, the leading one first:
        without those that award separately (joint award with fallback)."""
        self.ensure_one()
        if self.award_mode == "joint_fallback":
            return self._mc_joint_institutions()
        return self._mc_awarding_institutions()

    def _mc_seal_separate(self, materials, now):
        """Joint award with fallback: each institution awarding separately
        seals an EDC of its own (on its line), naming no co-awarder."""
        if self.award_mode != "joint_fallback":
            return
        for line in self.line_ids.filtered("separate_award"):
            material = materials.get(line.institution_id)
            if not material:
                continue
            data = self._mc_edc_data(line.institution_id)
            data["id"] = _edc_uuid(line.credential_uuid or self.credential_uuid)
            text = self._mc_seal_text(edc_lib.build_edc(data), material, now)
            line._write_transition({"edc_uuid": data["id"], "edc_json": text})

    def _mc_seal_multiple(self, data, members, materials, now, vals):
        items = []
        for institution in members:
            line = self.line_ids.filtered(
                lambda ln, i=institution: ln.institution_id == i
            )
            own = self._mc_edc_data(institution)
            items.append(
                {
                    "organisation": own["issuer"],
                    "id": _edc_uuid(line[:1].credential_uuid or self.credential_uuid)
                    if institution != members[:1]
                    else data["id"],
                    "local_names": own["achievement"]["local_names"],
                    "nqf": own["achievement"]["nqf"],
                    "line": line[:1],
                    "institution": institution,
                }
            )
        payloads = edc_lib.build_multiple_edcs(data, items)
        for item, payload in zip(items, payloads, strict=True):
            material = materials.get(item["institution"])
            if not material:
                continue
            text = self._mc_seal_text(payload, material, now)
            if item["line"]:
                item["line"]._write_transition(
                    {"edc_uuid": item["id"], "edc_json": text}
                )
            if item["institution"] == members[:1]:
                vals["edc_json"] = text

    def _mc_mandate_statement(self, members):
        return self.env._(
            "%(partners)s mandate %(leading)s to issue and seal this joint award on "
            "their behalf.",
            partners=", ".join(members[1:].mapped("name")),
            leading=members[:1].name,
        )

    def _mc_supplement_payload(self, data, members):
        """The supplement EDC when the profile's required data are there."""
        spec = data["achievement"]
        if not (
            data["learner"].get("date_of_birth")
            and spec["isced_f"]
            and spec["nqf"]
            and spec["instruction_languages"]
            and spec["mode"]
            and data["parts"]
        ):
            return None
        supplement = dict(data, id=_edc_uuid(self.credential_uuid + "#supplement"))
        if len(members) > 1:
            supplement["co_awarders"] = [m._mc_edc_organisation() for m in members[1:]]
        return edc_lib.build_supplement_edc(supplement)

    @staticmethod
    def _mc_seal_text(payload, material, now):
        key, chain = material
        sealed = jades.seal(payload, key, chain, now)
        return json.dumps(sealed, ensure_ascii=False)

    # ------------------------------------------------------------------------
    # delivery and verification

    def action_download_edc(self):
        self.ensure_one()
        if not self.edc_json:
            raise UserError(
                self.env._("This award has no European Digital Credential.")
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/mc/edc/award/{self.id}/edc.json",
            "target": "self",
        }

    def _mc_edc_file_name(self):
        self.ensure_one()
        return f"edc-{(self.edc_uuid or '').rsplit(':', 1)[-1]}.json"

    def _mc_credential_attachments(self):
        """With ``mc_edc_attach`` in the context (the learner's e-mail), the sealed
        EDC joins the signed credential."""
        found = super()._mc_credential_attachments()
        if not self.env.context.get("mc_edc_attach"):
            return found
        Attachment = self.env["ir.attachment"]
        vals = [
            {
                "name": award._mc_edc_file_name(),
                "raw": award.edc_json.encode(),
                "mimetype": "application/json",
                "res_model": "mc.award",
                "res_id": award.id,
            }
            for award in self
            if award.edc_json
        ]
        # sudo: same as the credential attachments (created for a record the
        # caller may read, readable through the award's own access rules).
        created = Attachment.sudo().create(vals).sudo(False)
        for award in self:
            found[award] |= created.filtered(lambda a, aw=award: a.res_id == aw.id)
        return found

    def _mc_send_credentials(self):
        return super(
            McAward, self.with_context(mc_edc_attach=True)
        )._mc_send_credentials()

    def _mc_verify_edc(self, raw, now=None):
        """Verify a sealed EDC with the registered certificates of its issuer and
        the same status lists as the award. Never raises."""
        try:
            document = jades.payload_of(raw)
        except jades.SealError:
            document = {}
        edc_id = document.get("id") if isinstance(document, dict) else None
        award, line = self._mc_award_for_edc(edc_id)
        if not award:
            report = jades.verify_sealed(raw, [], now=now)
            if report.get("chain") is not None:
                report.add(
                    "issuer", False, self.env._("This credential was not issued here.")
                )
            return report, award
        credential = line.credential_json if line else award.credential_json
        signed = json.loads(credential)
        institution = (
            line.institution_id if line else award._mc_awarding_institutions()[:1]
        )
        # An Open Badges 3.0 credential carries one status object (a list in
        # credentials signed before that rule); the seal check takes a list.
        status = signed.get("credentialStatus") or []
        report = jades.verify_sealed(
            raw,
            self.env["mc.seal.certificate"]._mc_registered(institution),
            now=now,
            status_entries=status if isinstance(status, list) else [status],
            fetch_status_list=self._mc_status_fetcher(),
            resolve_key=self._mc_resolver(),
            status_issuer=signed["issuer"]["id"],
        )
        return report, award

    def _mc_award_for_edc(self, edc_id):
        """``(award, line or empty)`` whose EDC has id ``edc_id``."""
        Award, Line = self.env["mc.award"].sudo(), self.env["mc.award.line"].sudo()
        if not isinstance(edc_id, str) or not edc_id.startswith("urn:uuid:"):
            return Award, Line
        award = Award.search([("edc_uuid", "=", edc_id)], limit=1)
        if award:
            return award, Line
        line = Line.search([("edc_uuid", "=", edc_id)], limit=1)
        return line.award_id, line

    # ------------------------------------------------------------------------
    # public page

    def _mc_public_fields(self):
        return [*super()._mc_public_fields(), "edc_uuid"]

    def _mc_public_values(self):
        values = super()._mc_public_values()
        values["has_edc"] = bool(self.edc_uuid)
        return values

    def _mc_portal_values(self):
        values = super()._mc_portal_values()
        # sudo: the learner's own award (checked by super); only whether it has an EDC
        values["has_edc"] = bool(self.sudo().edc_uuid)
        return values
