# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import json
import uuid
from datetime import datetime, time, timezone
from urllib.parse import urlsplit

from mc_credentials import (
    add_proofs,
    build_joint_award,
    build_multiple_award,
    build_open_badge_credential,
    check_credential_status,
    make_resolver,
    status_entry,
    status_list_problems,
    verify_credential,
)
from mc_credentials.verify import Check, VerificationReport

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import html2plaintext

# Fields that are written once, when the credential is signed.
_SIGNED_FIELDS = {"credential_json", "credential_hash", "credential_uuid"}
# Per worker process, bounded, keyed by content hashes (so never stale):
# - shape and proof checks of stored credentials not yet checked by the
#   background job (the page's fallback);
# - the trust verdict of signed status lists (their proofs and issuer), which
#   every page view of the same institution needs.
_PROOF_CACHE = {}
_LIST_TRUST_CACHE = {}
_CACHE_SIZE = 4096
# The status purposes a new credential carries (OB 3.0: one credentialStatus).
CREDENTIAL_STATUS_PURPOSES = ("revocation",)
# The checks of a credential that never change once it is stored: its shape and
# its proofs. Status and validity dates are checked on every page view.
_LASTING_CHECKS = ("shape", "proof:")


def _json_text(document):
    return json.dumps(document, ensure_ascii=False, indent=2)


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lasting(checks):
    return [check for check in checks if check.name.startswith(_LASTING_CHECKS)]


def _merge_reports(reports):
    """One report for the credentials of one award: every proof line, and one
    line per other check (the first failure among the credentials, else the
    first success)."""
    merged = VerificationReport()
    position = {}
    for report in reports:
        for check in report.checks:
            if check.name.startswith("proof:"):
                merged.checks.append(check)
            elif check.name not in position:
                position[check.name] = len(merged.checks)
                merged.checks.append(check)
            elif merged.checks[position[check.name]].ok and not check.ok:
                merged.checks[position[check.name]] = check
    return merged


def _remember(cache, key, value):
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def _bcp47(lang_code):
    return (lang_code or "en_US").replace("_", "-")


class McAward(models.Model):
    """Signed Open Badges 3.0 credential of an award.

    Two identifiers, on purpose:

    * ``credential_uuid`` (``urn:uuid:…``) is the id *inside* the signed
      credential. It never changes.
    * ``verification_token`` is the *public link* ``/mc/verify/<token>``. The
      learner can renew it (the old link stops working) or withdraw it (no public
      page at all) from the portal; the signed credential is untouched, because
      the token is not part of it.
    """

    _inherit = "mc.award"

    credential_uuid = fields.Char(
        string="Credential id",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="urn:uuid identifier inside the signed credential; never changes.",
    )
    credential_json = fields.Text(
        string="Signed credential",
        readonly=True,
        copy=False,
        help="Open Badges 3.0 credential signed with eddsa-rdfc-2022 when the "
        "award is issued (joint award: one proof per awarding institution). "
        "Immutable.",
    )
    credential_hash = fields.Char(
        string="Credential SHA-256",
        readonly=True,
        copy=False,
        help="SHA-256 of the stored signed credential, for integrity checks.",
    )
    credential_date = fields.Datetime(
        string="Credential signed on", readonly=True, copy=False
    )
    credential_valid_until = fields.Date(
        string="Credential valid until",
        copy=False,
        help="Optional end of validity written into the credential (validUntil). "
        "Leave empty for a qualification that does not expire.",
    )
    credential_check_state = fields.Selection(
        [("pending", "To check"), ("passed", "Passed"), ("failed", "Failed")],
        string="Independent check",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="After signing, a background job verifies the stored credential "
        "with the verifier employers use (shape and every proof, against the "
        "published keys). Proofs cannot change afterwards, so the public page "
        "only checks the status lists and validity dates on each view.",
    )
    credential_check_date = fields.Datetime(
        string="Checked on", readonly=True, copy=False
    )
    credential_checks = fields.Json(
        string="Stored checks",
        readonly=True,
        copy=False,
        help="Shape and proof checks of the independent check, with the SHA-256 "
        "of the text they were made on.",
    )
    status_entry_ids = fields.One2many(
        "mc.status.list.entry", "award_id", string="Status list entries", readonly=True
    )
    credential_delivery = fields.Selection(
        [("pending", "To send"), ("sent", "Sent")],
        string="Credential e-mail",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The learner's e-mail with the verification link, the signed "
        "credential and the certificate; sent in the background after issue.",
    )
    public_show_grade = fields.Boolean(
        string="Show grade on the public page",
        help="Chosen by the learner in the portal. Off by default: the public "
        "verification page and its download then never show the grade.",
    )

    def write(self, vals):
        if _SIGNED_FIELDS & set(vals) and any(award.credential_json for award in self):
            raise UserError(
                self.env._(
                    "The signed credential of an award cannot be changed. Revoke the "
                    "award and issue a replacement instead."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------------
    # actions

    def action_renew_public_link(self):
        """Give the public verification page a new address; the old one dies."""
        # The token is protected on issued awards; the public link is not part of
        # the signed credential, so renewing it is a permitted transition.
        for award in self.with_context(mc_award_transition=True):
            award.verification_token = self._mc_new_token()
        return True

    def action_withdraw_public_link(self):
        """Remove the public verification page (the credential stays valid)."""
        self.with_context(mc_award_transition=True).write({"verification_token": False})
        return True

    def action_download_credential(self):
        self.ensure_one()
        if not self.credential_json:
            raise UserError(self.env._("This award has no signed credential yet."))
        attachment = self._mc_credential_attachments()[self]
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------------
    # extension points of the awards part

    def _post_issue(self, awards):
        res = super()._post_issue(awards)
        awards._mc_sign_credentials()
        # Delivery (mail rendering, certificate PDFs) is slow: it runs in the
        # background, in batches, so that issuing hundreds of awards stays fast.
        to_send = awards.filtered(lambda a: a.credential_json and a.learner_id.email)
        if to_send:
            to_send.write({"credential_delivery": "pending"})
            self.env.ref(
                "mc_credential.ir_cron_mc_award_send_credentials"
            ).sudo()._trigger()
        return res

    def _post_status_change(self):
        res = super()._post_status_change()
        self._mc_update_status_bits()
        return res

    # ------------------------------------------------------------------------
    # signing

    def _mc_institutions(self, lines=None):
        """Awarding institutions of one award, leading institution first.

        :param lines: the award's lines, when the caller already read them.
        """
        self.ensure_one()
        institutions = (self.line_ids if lines is None else lines).institution_id
        leading = self.leading_institution_id or institutions[:1]
        return leading | institutions

    def _mc_languages(self, issuer):
        """Document languages of a credential of ``issuer`` (a partnership's:
        its leading institution's)."""
        return self._mc_document_languages(self._mc_document_institution(issuer))

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
        lang_codes = self._mc_languages(institution)
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
            "status": [
                {
                    "list_credential": lists[(institution, purpose)].url,
                    "index": index,
                    "purpose": purpose,
                }
                for purpose, index in indexes[credential_uuid].items()
            ],
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
        indexes = self._mc_allocate_status_entries(plan, lists)
        now = fields.Datetime.now()
        created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        for award, items in plan.items():
            ctx = {"lists": lists, "indexes": indexes}
            if len(items) > 1:
                texts = award._mc_sign_multiple(items, signers, created, ctx)
            else:
                texts = award._mc_sign_single(items[0], signers, created, ctx)
            leading = award._mc_institutions()[:1]
            for line, institution, cred_uuid in items:
                text = texts[cred_uuid]
                vals = {
                    "credential_uuid": cred_uuid,
                    "credential_json": text,
                    "credential_hash": _sha256(text),
                }
                if line:
                    line.with_context(mc_award_transition=True).write(vals)
                if institution == leading or len(items) == 1:
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
            award_institutions = award._mc_institutions()
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
        return plan

    def _mc_issuer(self):
        """Issuer of the one credential of a joint or single award: the
        partnership (co-owner of a joint programme) when several institutions
        award jointly, else the awarding institution."""
        self.ensure_one()
        institutions = self._mc_institutions()
        partnership = self.programme_id.partnership_id
        if self.award_mode == "joint" and len(institutions) > 1 and partnership:
            return partnership._mc_issuer()
        return institutions[:1]

    def _mc_document_institution(self, issuer):
        """The institution whose languages and grade a credential of ``issuer``
        carries: the leading institution for a partnership's credential."""
        self.ensure_one()
        if issuer.mc_issuer_partnership_id:
            return self._mc_institutions()[:1]
        return issuer

    @api.model
    def _mc_allocate_status_entries(self, plan, lists):
        """Hand out a random, never reused revocation index to every credential
        of the plan; return ``{urn: {purpose: index}}``.

        Open Badges 3.0 allows one ``credentialStatus``: a credential carries
        its revocation entry only. A suspension reaches the public page and our
        verifier from the award's state (docs/CREDENTIALS.md); credentials
        signed before carry a suspension entry too, whose bit is still kept."""
        wanted = {}
        for items in plan.values():
            for _line, institution, _urn in items:
                for purpose in CREDENTIAL_STATUS_PURPOSES:
                    status_list = lists[(institution, purpose)]
                    wanted[status_list] = wanted.get(status_list, 0) + 1
        drawn = self.env["mc.status.list"]._allocate_indexes(wanted)
        indexes, entry_vals = {}, []
        for award, items in plan.items():
            for line, institution, cred_uuid in items:
                for purpose in CREDENTIAL_STATUS_PURPOSES:
                    status_list = lists[(institution, purpose)]
                    index = drawn[status_list].pop()
                    indexes.setdefault(cred_uuid, {})[purpose] = index
                    entry_vals.append(
                        {
                            "list_id": status_list.id,
                            "index": index,
                            "award_id": award.id,
                            "award_line_id": line.id if line else False,
                            "credential_uuid": cred_uuid,
                        }
                    )
        self.env["mc.status.list.entry"].create(entry_vals)
        return indexes

    def _mc_sign_single(self, item, signers, created, ctx):
        """One credential; a joint award carries one proof per institution."""
        self.ensure_one()
        _line, institution, cred_uuid = item
        data = self._mc_credential_common(
            institution, cred_uuid, ctx["lists"], ctx["indexes"]
        )
        co_awarders = self._mc_institutions() - institution
        if co_awarders and institution.mc_issuer_partnership_id:
            # the partnership issues; every member co-awards and signs with its
            # key published under the partnership's identifier
            data["co_awarders"] = [inst._mc_issuer_profile() for inst in co_awarders]
            unsigned = build_joint_award(data)
            own = {member: signers[member] for member in co_awarders}
            keys = institution._mc_member_signers(co_awarders, own)
            proof_signers = [keys[member] for member in co_awarders]
        elif co_awarders and self.award_mode == "joint":
            data["co_awarders"] = [inst._mc_issuer_profile() for inst in co_awarders]
            unsigned = build_joint_award(data)
            proof_signers = [signers[inst] for inst in institution | co_awarders]
        else:
            unsigned = build_open_badge_credential(data)
            proof_signers = [signers[institution]]
        signed = add_proofs(unsigned, proof_signers, created)
        return {cred_uuid: _json_text(signed)}

    def _mc_sign_multiple(self, items, signers, created, ctx):
        """One credential per institution, cross-referenced, each signed by its
        own institution and carrying its own institution's status entries."""
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
        texts = {}
        unsigned_list = build_multiple_award(common, per_institution)
        for unsigned, (_line, institution, cred_uuid) in zip(
            unsigned_list, items, strict=True
        ):
            (entry,) = status[cred_uuid]
            unsigned["credentialStatus"] = status_entry(
                entry["list_credential"], entry["index"], entry["purpose"]
            )
            signed = add_proofs(unsigned, [signers[institution]], created)
            texts[cred_uuid] = _json_text(signed)
        return texts

    # ------------------------------------------------------------------------
    # delivery

    def _mc_credential_attachments(self):
        """Return ``{award: attachment}`` with the signed credential JSON file(s)."""
        Attachment = self.env["ir.attachment"]
        existing = Attachment.search(
            [
                ("res_model", "=", "mc.award"),
                ("res_id", "in", self.ids),
                ("mimetype", "=", "application/ld+json"),
            ]
        )
        found = {
            award: existing.filtered(lambda a, aw=award: a.res_id == aw.id)
            for award in self
        }
        to_create = []
        for award in self:
            if found[award] or not award.credential_json:
                continue
            files = [(award.credential_uuid, award.credential_json)]
            files += [
                (line.credential_uuid, line.credential_json)
                for line in award.line_ids
                if line.credential_json
                and line.credential_uuid != award.credential_uuid
            ]
            for cred_uuid, text in files:
                to_create.append(
                    {
                        "name": f"credential-{cred_uuid.rsplit(':', 1)[-1]}.json",
                        "raw": text.encode("utf-8"),
                        "mimetype": "application/ld+json",
                        "res_model": "mc.award",
                        "res_id": award.id,
                    }
                )
        if to_create:
            # sudo: attachments of a record the caller may issue; created once,
            # readable through the award's own access rules.
            created = Attachment.sudo().create(to_create).sudo(False)
            for award in self:
                found[award] |= created.filtered(lambda a, aw=award: a.res_id == aw.id)
        return found

    @api.model
    def _cron_send_credentials(self, batch_size=50):
        """Send the pending credential e-mails, one batch per cron step."""
        domain = [("credential_delivery", "=", "pending")]
        awards = self.search(domain, limit=batch_size, order="id")
        awards._mc_send_credentials()
        awards.write({"credential_delivery": "sent"})
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(awards), remaining=remaining)
        return awards

    def _mc_send_credentials(self):
        """E-mail each learner their verification link and signed credential."""
        template = self.env.ref(
            "mc_credential.mail_template_mc_award_credential",
            raise_if_not_found=False,
        )
        awards = self.filtered(lambda a: a.credential_json and a.learner_id.email)
        if not template or not awards:
            return
        attachments = awards._mc_credential_attachments()
        report = self.env.ref(
            "mc_qualification.action_report_mc_certificate", raise_if_not_found=False
        )
        pdfs = {}
        if report:
            Attachment = self.env["ir.attachment"]
            pdf_vals = []
            for award in awards:
                pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(
                    report, award.ids
                )
                pdf_vals.append(
                    {
                        "name": "certificate-%s.pdf"
                        % award.credential_uuid.rsplit(":", 1)[-1],
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": "mc.award",
                        "res_id": award.id,
                    }
                )
            # sudo: same as the credential attachments above.
            created = Attachment.sudo().create(pdf_vals).sudo(False)
            pdfs = {
                award: created.filtered(lambda a, aw=award: a.res_id == aw.id)
                for award in awards
            }
        for award in awards:
            files = attachments[award] | pdfs.get(award, self.env["ir.attachment"])
            template.send_mail(
                award.id,
                email_values={"attachment_ids": [Command.set(files.ids)]},
                email_layout_xmlid="mail.mail_notification_light",
            )

    # ------------------------------------------------------------------------
    # status

    def _mc_update_status_bits(self):
        """Flip the status bits of the awards' credentials after a state change."""
        StatusList = self.env["mc.status.list"]
        entries = self.status_entry_ids
        revoked = self.filtered(lambda a: a.state == "revoked")
        suspended = self.filtered(lambda a: a.state == "suspended")
        live = self.filtered(lambda a: a.state == "issued")
        StatusList._set_bits(
            entries.filtered(
                lambda e: e.purpose == "revocation" and e.award_id in revoked
            ),
            True,
        )
        StatusList._set_bits(
            entries.filtered(
                lambda e: e.purpose == "suspension" and e.award_id in suspended
            ),
            True,
        )
        StatusList._set_bits(
            entries.filtered(
                lambda e: e.purpose == "suspension" and e.award_id in live
            ),
            False,
        )

    # ------------------------------------------------------------------------
    # verification (public page, upload form)

    @api.model
    def _mc_public_key_table(self):
        """``{verificationMethod: publicKeyMultibase}`` of every key, retired too.

        Public data: used by the verification page and the upload form.
        """
        # sudo: public keys and DIDs are public (served in the controller
        # documents); the private key field is not read.
        keys = (
            self.env["mc.signing.key"]
            .sudo()
            .search([("public_key_multibase", "!=", False)])
        )
        table = {key.verification_method: key.public_key_multibase for key in keys}
        # the same keys under the identifiers of the partnerships (joint awards)
        table.update(
            {
                method: key.public_key_multibase
                for method, key in self._mc_partnership_issuers()
                ._mc_partnership_methods()
                .items()
            }
        )
        return table

    @api.model
    def _mc_partnership_issuers(self):
        """The issuer identities of partnerships (public: served as DIDs)."""
        # sudo: issuer names and identifiers are public.
        return (
            self.env["res.partner"]
            .sudo()
            .search([("mc_issuer_partnership_id", "!=", False)])
        )

    @api.model
    def _mc_resolver(self):
        """Key resolver over the published keys, loaded on first use only."""
        table = []

        def resolver():
            if not table:
                table.append(make_resolver(self._mc_public_key_table()))
            return table[0]

        def resolve(verification_method):
            return resolver()(verification_method)

        # the members holding a partnership's keys (joint awards)
        resolve.owners = lambda method: resolver().owners(method)
        return resolve

    @api.model
    def _mc_status_fetcher(self, preload=()):
        """Return ``url -> signed status list credential`` served by this database.

        Lists are found by their path (``/mc/status/<purpose>/<slug>``), whatever
        host the URL names: the verifier then checks that the list found is the one
        the credential refers to (same id, signed by the same issuer). The lists of
        the URLs in ``preload`` are read in one query.
        """
        prefix = "/mc/status/"
        found = {}

        def key(url):
            path = urlsplit(url).path if isinstance(url, str) else ""
            if not path.startswith(prefix):
                return None
            purpose, _sep, slug = path[len(prefix) :].partition("/")
            return purpose, slug

        def load(keys):
            keys = [k for k in keys if k and k not in found]
            if not keys:
                return
            domain = expression.OR(
                [
                    [("purpose", "=", purpose), ("slug", "=", slug)]
                    for purpose, slug in keys
                ]
            )
            # sudo: status lists are public documents.
            lists = (
                self.env["mc.status.list"]
                .sudo()
                .search_fetch(domain, ["purpose", "slug", "credential_json"])
            )
            for k in keys:
                found[k] = None
            for status_list in lists:
                if status_list.credential_json:
                    found[(status_list.purpose, status_list.slug)] = status_list

        def fetch(url):
            k = key(url)
            if k is None:
                return None
            load([k])
            status_list = found[k]
            return status_list and status_list._parsed_credential()

        load([key(url) for url in preload])
        return fetch

    @api.model
    def _mc_status_list_trust(self):
        """``(list credential, issuer) -> problems``, memoised per process by the
        list's content: a list is re-verified only after it was re-signed."""
        dbname = self.env.cr.dbname
        resolve = self._mc_resolver()

        def trust(list_cred, issuer):
            text = json.dumps(list_cred, sort_keys=True, separators=(",", ":"))
            cache_key = (dbname, issuer, _sha256(text))
            problems = _LIST_TRUST_CACHE.get(cache_key)
            if problems is None:
                problems = _remember(
                    _LIST_TRUST_CACHE,
                    cache_key,
                    tuple(status_list_problems(list_cred, resolve, issuer)),
                )
            return problems

        return trust

    @api.model
    def _mc_verify(self, raw, now=None):
        """Verify a credential (text, bytes or dict) with this database's keys
        and status lists. Never raises on malformed input.

        A credential carries its revocation entry only (OB 3.0 allows one
        ``credentialStatus``): the suspension of an award issued here is read
        from the award itself."""
        report = verify_credential(
            raw,
            self._mc_resolver(),
            fetch_status_list=self._mc_status_fetcher(),
            now=now,
            status_list_trust=self._mc_status_list_trust(),
        )
        status = report.get("status")
        if status and status.ok and self._mc_is_suspended(raw):
            status.ok = False
            status.message = "suspended: the issuer has suspended this credential"
            status.code = "suspended"
        return report

    @api.model
    def _mc_is_suspended(self, raw):
        """Whether ``raw`` is a credential issued here whose award is suspended."""
        try:
            document = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
        except (ValueError, RecursionError):
            return False
        cred_id = document.get("id") if isinstance(document, dict) else None
        if not isinstance(cred_id, str):
            return False
        # sudo: only the state of the award the public credential names is read.
        entry = (
            self.env["mc.status.list.entry"]
            .sudo()
            .search([("credential_uuid", "=", cred_id)], limit=1)
        )
        return entry.award_id.state == "suspended"

    def _mc_credential_texts(self, lines=None):
        """The signed credentials of one award: its own, plus, for a multiple
        award, each other institution's (stored on the award lines).

        :param lines: the award's lines, when the caller already read them.
        """
        self.ensure_one()
        texts = [self.credential_json] if self.credential_json else []
        if self.award_mode == "multiple":
            lines = self.line_ids if lines is None else lines
            for text in lines.mapped("credential_json"):
                if text and text not in texts:
                    texts.append(text)
        return texts

    def _mc_check_credentials(self):
        """The independent check: verify each stored credential of the awards
        completely with the published keys and keep its lasting checks (shape,
        every proof), by the SHA-256 of the text checked.

        A failed check is posted on the award for the registry to act upon.
        """
        resolve = self._mc_resolver()
        now = fields.Datetime.now()
        for award in self.filtered("credential_json"):
            results = {
                _sha256(text): _lasting(verify_credential(text, resolve).checks)
                for text in award._mc_credential_texts()
            }
            failed = [c for checks in results.values() for c in checks if not c.ok]
            ok = all(results.values()) and not failed
            award.write(
                {
                    "credential_checks": {
                        "texts": {
                            digest: [[c.name, c.ok, c.message, c.code] for c in checks]
                            for digest, checks in results.items()
                        }
                    },
                    "credential_check_state": "passed" if ok else "failed",
                    "credential_check_date": now,
                }
            )
            if not ok:
                award.message_post(
                    body=self.env._(
                        "The independent check of the signed credential failed: "
                        "%(problems)s. Revoke the award and issue a replacement.",
                        problems="; ".join(f"{c.name}: {c.message}" for c in failed)
                        or self.env._("no check could be made"),
                    ),
                )

    @api.model
    def _cron_check_credentials(self, batch_size=100):
        """Check the credentials signed since the last run, one batch per step."""
        domain = [
            ("credential_check_state", "=", "pending"),
            ("credential_json", "!=", False),
        ]
        awards = self.search(domain, limit=batch_size, order="id")
        awards._mc_check_credentials()
        remaining = self.search_count(domain) if len(awards) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(awards), remaining=remaining)
        return awards

    def _mc_lasting_checks(self, text, digest):
        """Shape and proof checks of the stored credential ``text``: from the
        independent check when it was made on this very text, else verified now
        (and cached per process)."""
        stored = self.credential_checks
        if self.credential_check_state in ("passed", "failed") and isinstance(
            stored, dict
        ):
            checked = stored.get("texts") or {}
            if digest in checked:
                return [
                    # [name, ok, message, code]; checks stored before codes: 3
                    Check(*stored_check[:3], code=(stored_check[3:] or [""])[0])
                    for stored_check in checked[digest]
                ]
        cache_key = (self.env.cr.dbname, digest)
        checks = _PROOF_CACHE.get(cache_key)
        if checks is None:
            report = verify_credential(text, self._mc_resolver())
            checks = _remember(_PROOF_CACHE, cache_key, _lasting(report.checks))
        return list(checks)

    def _mc_stored_report(self, lines=None):
        """Verification report of the award's stored credentials (a multiple
        award has one per institution), as the page shows it.

        Their shape and proofs cannot change once stored (the texts are
        immutable and bound to the check by their hash; published keys are never
        removed): they come from the independent check. Status bits and validity
        dates can change: they are checked on every call, against the signed
        status lists (all read in one query), whose own proofs are verified once
        per version.
        """
        self.ensure_one()
        texts = self._mc_credential_texts(lines)
        documents = [json.loads(text) for text in texts]
        urls = []
        for document in documents:
            entries = document.get("credentialStatus") or []
            entries = entries if isinstance(entries, list) else [entries]
            urls += [
                e.get("statusListCredential") for e in entries if isinstance(e, dict)
            ]
        fetch = self._mc_status_fetcher(preload=urls)
        trust = self._mc_status_list_trust()
        now = datetime.now(timezone.utc)
        reports = []
        for text, document in zip(texts, documents, strict=True):
            live = check_credential_status(
                document, fetch, now=now, status_list_trust=trust
            )
            reports.append(
                VerificationReport(
                    self._mc_lasting_checks(text, _sha256(text)) + live.checks
                )
            )
        return _merge_reports(reports)

    @api.model
    def _mc_report_values(self, report, institutions=None):
        """Whitelisted values of a verification report for a public template.

        :param institutions: the institutions whose DIDs may appear (default:
            every institution with an issuer identifier).
        """
        if institutions is None:
            # sudo: institution names and DIDs are public (issuer profiles).
            institutions = (
                self.env["res.partner"].sudo().search([("mc_issuer_slug", "!=", False)])
            )
        names = {partner._mc_did(): partner.name for partner in institutions}
        dids = {partner.mc_issuer_slug: partner._mc_did() for partner in institutions}
        # one line per co-issuer: a proof that fails, or a required signer without
        # a valid proof, makes that issuer's line fail
        signatures, other_checks = {}, []
        for check in report.checks:
            if check.name.startswith("proof:"):
                method = check.name[len("proof:") :]
                controller = self.env["res.partner"]._mc_method_holder(method, dids)
                line = signatures.setdefault(
                    controller,
                    {
                        "issuer": names.get(controller) or controller,
                        "ok": True,
                        "message": self._mc_check_message(check),
                    },
                )
                if not check.ok and line["ok"]:
                    line.update(ok=False, message=self._mc_check_message(check))
            else:
                other_checks.append(
                    {
                        "name": check.name,
                        "ok": check.ok or check.skipped,
                        "message": self._mc_check_message(check),
                    }
                )
        failed = {c.name for c in report.failed()}
        return {
            "ok": report.ok,
            "status": self._mc_report_status(report),
            "signatures": list(signatures.values()),
            "checks": other_checks,
            "failed": sorted(failed),
        }

    @api.model
    def _mc_public_fields(self):
        """Fields of an award the public page reads: fetched in one query by
        the controller, instead of every column."""
        return [
            "state",
            "award_mode",
            "award_date",
            "learner_id",
            "programme_id",
            "leading_institution_id",
            "public_show_grade",
            "verification_token",
            "credential_uuid",
            "credential_json",
            "credential_check_state",
            "credential_checks",
        ]

    def _mc_public_values(self):
        """Whitelisted dict for the public verification page of one award.

        Only what the page may show: never birth date, student numbers, e-mail;
        the grade only when the learner opted in. Reads only the columns it
        shows (one query per model), so that the page stays cheap.
        """
        self.ensure_one()
        self.fetch(self._mc_public_fields())
        multiple = self.award_mode == "multiple"
        lines = self.env["mc.award.line"].search_fetch(
            [("award_id", "=", self.id)],
            ["institution_id", "classification"]
            + (["credential_json"] if multiple else []),
        )
        institutions = self._mc_institutions(lines)
        (institutions | self.learner_id).fetch(
            ["name", "mc_issuer_slug", "mc_issuer_base_url"]
        )
        programme = self.programme_id
        programme.fetch(["name", "ects", "eqf_level", "qualification_type_id"])
        qual_type = programme.qualification_type_id
        qual_type.fetch(["name"])
        report = self._mc_stored_report(lines)
        values = self._mc_report_values(report, institutions)
        if self.state == "revoked":
            values["status"] = "revoked"
        elif self.state == "suspended" and values["status"] != "revoked":
            values["status"] = "suspended"
        grade = (
            ", ".join(c for c in lines.mapped("classification") if c)
            if self.public_show_grade
            else False
        )
        values.update(
            {
                "holder_name": self.learner_id.name,
                "title": programme.name,
                "qualification_type": qual_type.name,
                "ects": programme.ects,
                "eqf_level": programme.eqf_level,
                "institutions": institutions.mapped("name"),
                "award_date": self.award_date,
                "grade": grade or False,
                "can_download": self._mc_can_download(lines),
            }
        )
        return values

    def _mc_can_download(self, lines=None):
        """Whether the public page offers the signed JSON: a credential that
        carries the grade only when the learner opted in to show it."""
        self.ensure_one()
        if not self.credential_json:
            return False
        if self.public_show_grade:
            return True
        texts = self._mc_credential_texts(lines)
        return not any('"result"' in text for text in texts)

    # ------------------------------------------------------------------------
    # learner portal

    @api.model
    def _mc_portal_awards(self, credential_uuid=None):
        """The current user's own issued awards (optionally one credential).

        Learners have no access rights on awards (portal users get none on the
        registry's models); the portal reads through this method only.
        """
        domain = [
            ("learner_id", "=", self.env.user.partner_id.id),
            ("state", "in", ("issued", "suspended", "revoked")),
        ]
        if credential_uuid:
            domain.append(("credential_uuid", "=", credential_uuid))
        # sudo: restricted to the awards whose learner is the current user's
        # partner (domain above); callers only get whitelisted values.
        return self.sudo().search(domain, order="award_date desc, id desc")

    def _mc_check_own_award(self):
        """Raise unless every award of ``self`` belongs to the current user."""
        partner = self.env.user.partner_id
        if any(award.learner_id != partner for award in self):
            raise AccessError(self.env._("This is not one of your awards."))

    def _mc_portal_values(self):
        """Whitelisted values of the learner's own award for the portal pages."""
        self.ensure_one()
        self._mc_check_own_award()
        # sudo: the learner's own award (checked above); only the names below
        # leave this method.
        award = self.sudo()
        programme = award.programme_id
        return {
            "credential_id": (award.credential_uuid or "").rsplit(":", 1)[-1],
            "title": programme.name,
            "qualification_type": programme.qualification_type_id.name,
            "ects": programme.ects,
            "eqf_level": programme.eqf_level,
            "institutions": award._mc_institutions().mapped("name"),
            "award_date": award.award_date,
            "state": award.state,
            "grade": ", ".join(c for c in award.line_ids.mapped("classification") if c),
            "public_show_grade": award.public_show_grade,
            "verification_url": award.verification_url
            if award.verification_token
            else False,
            "has_credential": bool(award.credential_json),
        }

    def _mc_portal_set_show_grade(self, show):
        self._mc_check_own_award()
        # sudo: learners cannot write awards; this one preference is theirs.
        self.sudo().public_show_grade = bool(show)

    def _mc_portal_renew_link(self):
        self._mc_check_own_award()
        # sudo: learners cannot write awards; the public link is theirs to renew.
        self.sudo().action_renew_public_link()

    def _mc_portal_withdraw_link(self):
        self._mc_check_own_award()
        # sudo: learners cannot write awards; the public link is theirs to remove.
        self.sudo().action_withdraw_public_link()
