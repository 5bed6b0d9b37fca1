# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import uuid
from datetime import datetime, time, timezone

from mc_credentials import (
    add_proofs,
    build_joint_award,
    build_multiple_award,
    build_open_badge_credential,
    status_entry,
)

from odoo import fields, models
from odoo.tools import html2plaintext


def _bcp47(lang_code):
    return (lang_code or "en_US").replace("_", "-")


class McAward(models.Model):
    """Signing of the awards' credentials when they are issued."""

    _inherit = "mc.award"

    def _mc_achievement_data(self, institution, lang_codes):
        """Plain dict of the programme for the credential builder."""
        self.ensure_one()
        programme = self.programme_id
        primary = _bcp47(lang_codes[0])
        names, descriptions = {}, {}
        for code in lang_codes:
            prog = programme.with_context(lang=code)
            names[_bcp47(code)] = prog.name
            outcomes = html2plaintext(prog.learning_outcomes or "").strip()
            descriptions[_bcp47(code)] = outcomes or prog.name
        qual_type = programme.qualification_type_id
        base_url = institution._mc_issuer_base_url()
        achievement_key = (
            f"{base_url}/mc/achievement/{programme.code}/{programme.version or 1}/"
            f"{institution.mc_issuer_slug}"
        )
        data = {
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, achievement_key)}",
            "achievement_type": qual_type.ob3_achievement_type or "MicroCredential",
            "language": primary,
            # OB 3.0: name and description in the primary language; the other
            # document languages are related language editions (inLanguage)
            "name": names[primary],
            "description": descriptions[primary],
            "language_editions": {
                lang: "urn:uuid:"
                + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{achievement_key}?lang={lang}"))
                for lang in names
                if lang != primary
            },
            "criteria": self.env._(
                "Passed the assessment of every mandatory unit of %(code)s "
                "(%(ects)s ECTS credits).",
                code=programme.code,
                ects=programme.ects,
            ),
            "credits": programme.ects,
            "eqf_level": programme.eqf_level or None,
            "human_code": programme.code,
            "version": programme.version or None,
            "tags": [qual_type.code] if qual_type.code else [],
        }
        graded_by = self._mc_document_institution(institution)
        classification = self.line_ids.filtered(
            lambda line: line.institution_id == graded_by
        )[:1].classification
        if classification:
            data["result_description"] = {
                "name": self.env._("Final grade"),
                "result_type": "LetterGrade",
            }
        return data, classification

    def _mc_credential_common(self, institution, credential_uuid, lists, indexes):
        """Data common to the credentials of one award (issuer set by caller)."""
        self.ensure_one()
        lang_codes = self._mc_document_languages(
            self._mc_document_institution(institution)
        )
        achievement, classification = self._mc_achievement_data(institution, lang_codes)
        recipient = {}
        if self.learner_id.email:
            recipient["email"] = self.learner_id.email
        else:
            recipient["id"] = (
                f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, credential_uuid)}"
            )
        award_date = self.award_date or fields.Date.context_today(self)
        data = {
            "id": credential_uuid,
            "issuer": institution._mc_issuer_profile(),
            "valid_from": fields.Datetime.now(),
            "awarded_date": datetime.combine(award_date, time(12), timezone.utc),
            "recipient": recipient,
            "achievement": achievement,
            "credits_earned": self.programme_id.ects,
            "status": self._mc_status_data(
                institution, credential_uuid, lists, indexes
            ),
        }
        if classification:
            data["results"] = [{"value": classification}]
        if self.credential_valid_until:
            data["valid_until"] = datetime.combine(
                self.credential_valid_until, time(23, 59, 59), timezone.utc
            )
        return data

    def _mc_sign_credentials(self):
        """Build and sign the credentials of a batch of issued awards.

        Joint award: one credential, issuer = leading institution, the others named
        as co-awarders, one proof per institution (proof set). Multiple award: one
        credential per institution, stored on the award lines and
        cross-referenced; the award keeps the leading institution's one.
        """
        awards = self.filtered(lambda a: not a.credential_json)
        if not awards:
            return
        plan = awards._mc_signing_plan()
        issuers = self.env["res.partner"].union(
            *(issuer for items in plan.values() for _line, issuer, _urn in items)
        )
        institutions = awards.line_ids.institution_id | awards.leading_institution_id
        signers = (institutions | issuers)._mc_signers()
        lists = self.env["mc.status.list"]._get_lists(issuers)
        indexes = self._mc_allocate_status_entries(
            [
                (line or award, issuer, urn)
                for award, items in plan.items()
                for line, issuer, urn in items
            ],
            lists,
        )
        now = fields.Datetime.now()
        created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        for award, items in plan.items():
            ctx = {"lists": lists, "indexes": indexes}
            if award.award_mode == "multiple" and len(items) > 1:
                signed = award._mc_sign_multiple(items, signers, created, ctx)
            else:
                # joint (with fallback: the joint credential, then one of its
                # own for each institution awarding separately) or single
                signed = {}
                for item in items:
                    signed.update(award._mc_sign_single(item, signers, created, ctx))
            leading = award._mc_awarding_institutions(with_leading=True)[:1]
            for line, institution, cred_uuid in items:
                vals = {
                    "credential_uuid": cred_uuid,
                    **award._mc_signed_vals(signed[cred_uuid]),
                }
                if line:
                    line._write_transition(vals)
                keeps = institution == leading or not line
                if keeps or len(items) == 1:
                    award.write(
                        {
                            **vals,
                            "credential_date": now,
                            "credential_check_state": "pending",
                        }
                    )
        # the independent check of what was just stored runs in the background
        self.env.ref(
            "mc_credential.ir_cron_mc_award_check_credentials"
        ).sudo()._trigger()

    def _mc_signing_plan(self):
        """``{award: [(line or None, institution, credential urn)]}``: one item per
        credential to sign (several for a multiple award)."""
        plan = {}
        for award in self:
            award_institutions = award._mc_awarding_institutions(with_leading=True)
            if award.award_mode == "multiple" and len(award_institutions) > 1:
                plan[award] = [
                    (
                        award.line_ids.filtered(
                            lambda ln, i=institution: ln.institution_id == i
                        )[:1],
                        institution,
                        f"urn:uuid:{uuid.uuid4()}",
                    )
                    for institution in award_institutions
                ]
            else:
                plan[award] = [(None, award._mc_issuer(), f"urn:uuid:{uuid.uuid4()}")]
                plan[award] += [
                    (line, line.institution_id, f"urn:uuid:{uuid.uuid4()}")
                    for line in award._mc_separate_lines()
                ]
        return plan

    def _mc_separate_lines(self):
        """Lines of the institutions that award separately (joint award with
        fallback): each signs a credential of its own."""
        self.ensure_one()
        if self.award_mode != "joint_fallback":
            return self.env["mc.award.line"]
        return self.line_ids.filtered("separate_award")

    def _mc_issuer(self):
        """Issuer of the one credential of a joint or single award: the
        partnership (co-owner of a joint programme) when several institutions
        award jointly, else the awarding institution."""
        self.ensure_one()
        institutions = self._mc_awarding_institutions(with_leading=True)
        institutions -= self._mc_separate_lines().institution_id
        partnership = self.programme_id.partnership_id
        joint = self.award_mode in ("joint", "joint_fallback")
        if joint and len(institutions) > 1 and partnership:
            return partnership._mc_issuer()
        return institutions[:1]

    def _mc_document_institution(self, issuer):
        """The institution whose languages and grade a credential of ``issuer``
        carries: the leading institution for a partnership's credential."""
        self.ensure_one()
        if issuer.mc_issuer_partnership_id:
            return self._mc_awarding_institutions(with_leading=True)[:1]
        return issuer

    def _mc_sign_single(self, item, signers, created, ctx):
        """One credential; a joint award carries one proof per institution.

        :returns: ``{urn: signed credential (dict)}``"""
        self.ensure_one()
        line, institution, cred_uuid = item
        data = self._mc_credential_common(
            institution, cred_uuid, ctx["lists"], ctx["indexes"]
        )
        co_awarders = self._mc_awarding_institutions(with_leading=True)
        co_awarders -= institution | self._mc_separate_lines().institution_id
        if line:  # an institution awarding separately signs alone
            co_awarders = co_awarders.browse()
        if co_awarders and institution.mc_issuer_partnership_id:
            # the partnership issues; every member co-awards and signs with its
            # key published under the partnership's identifier
            data["co_awarders"] = [inst._mc_issuer_profile() for inst in co_awarders]
            unsigned = build_joint_award(data)
            own = {member: signers[member] for member in co_awarders}
            keys = institution._mc_member_signers(co_awarders, own)
            proof_signers = [keys[member] for member in co_awarders]
        elif co_awarders and self.award_mode != "multiple":
            data["co_awarders"] = [inst._mc_issuer_profile() for inst in co_awarders]
            unsigned = build_joint_award(data)
            proof_signers = [signers[inst] for inst in institution | co_awarders]
        else:
            unsigned = build_open_badge_credential(data)
            proof_signers = [signers[institution]]
        signed = add_proofs(unsigned, proof_signers, created)
        return {cred_uuid: signed}

    def _mc_sign_multiple(self, items, signers, created, ctx):
        """One credential per institution, cross-referenced, each signed by its
        own institution and carrying its own institution's status entries.

        :returns: ``{urn: signed credential (dict)}``"""
        self.ensure_one()
        per_institution, status = [], {}
        for _line, institution, cred_uuid in items:
            data = self._mc_credential_common(
                institution, cred_uuid, ctx["lists"], ctx["indexes"]
            )
            status[cred_uuid] = data["status"]
            per_institution.append(
                {
                    "issuer": data["issuer"],
                    "credential_id": cred_uuid,
                    "achievement_id": data["achievement"]["id"],
                }
            )
            if not per_institution[1:]:
                common = data
        documents = {}
        unsigned_list = build_multiple_award(common, per_institution)
        for unsigned, (_line, institution, cred_uuid) in zip(
            unsigned_list, items, strict=True
        ):
            (entry,) = status[cred_uuid]
            unsigned["credentialStatus"] = status_entry(
                entry["list_credential"], entry["index"], entry["purpose"]
            )
            signed = add_proofs(unsigned, [signers[institution]], created)
            documents[cred_uuid] = signed
        return documents
