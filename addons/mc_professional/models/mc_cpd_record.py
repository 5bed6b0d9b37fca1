# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import uuid
from datetime import datetime, time, timezone

from mc_credentials import add_proofs, build_open_badge_credential

from odoo import api, fields, models


class McCpdRecord(models.Model):
    """One line of the CPD ledger: the credits a learner earned under one
    accreditation through one award. Created when the award is issued."""

    _name = "mc.cpd.record"
    _description = "CPD record"
    _inherit = ["mc.signed.credential"]  # noqa: RUF012 (Odoo model attribute)
    _order = "date desc, id desc"

    learner_id = fields.Many2one(
        "res.partner", string="Learner", required=True, index=True, ondelete="restrict"
    )
    learner_name = fields.Char(
        related="learner_id.name",
        string="Learner name",
        help="Shown to the body's portal users, who cannot read contacts.",
    )
    accreditation_id = fields.Many2one(
        "mc.accreditation", required=True, index=True, ondelete="restrict"
    )
    award_id = fields.Many2one(
        "mc.award", required=True, index=True, ondelete="cascade"
    )
    body_id = fields.Many2one(
        related="accreditation_id.body_id", store=True, string="Professional body"
    )
    programme_id = fields.Many2one(
        related="award_id.programme_id", store=True, string="Programme version"
    )
    date = fields.Date(required=True, help="Award date: when the credits were earned.")
    credits = fields.Float(string="CPD credits", required=True, digits=(16, 2))
    cpd_unit = fields.Selection(related="body_id.cpd_unit", string="CPD unit")
    issues_certificate = fields.Boolean(
        related="accreditation_id.issues_certificate",
        string="Professional certificate",
    )
    credential_json = fields.Text(
        string="Signed professional certificate",
        help="Open Badges 3.0 credential of the body's professional certificate, "
        "signed with the body's own key when the award is issued (accreditations "
        "that issue a certificate only). Immutable.",
    )
    credential_hash = fields.Char(string="Certificate credential SHA-256")
    state = fields.Selection(
        [("valid", "Valid"), ("cancelled", "Cancelled")],
        compute="_compute_state",
        store=True,
        help="Cancelled while the award is suspended or revoked.",
    )

    _sql_constraints = (
        (
            "award_accreditation_uniq",
            "unique(award_id, accreditation_id)",
            "An award earns CPD credits only once under each accreditation.",
        ),
        ("credits_check", "CHECK(credits > 0)", "CPD credits must be positive."),
    )

    @api.depends("award_id.state")
    def _compute_state(self):
        for record in self:
            record.state = (
                "cancelled"
                if record.award_id.state in ("suspended", "revoked")
                else "valid"
            )

    @api.depends("learner_id", "body_id", "credits")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.learner_id.name} / {record.body_id.name}"

    @api.model
    def _create_for_awards(self, awards):
        """Create the CPD records the issued ``awards`` earn: one per accreditation
        valid on the award date, skipping pairs already recorded. Batch-safe."""
        awards = awards.filtered(lambda a: a.state == "issued")
        if not awards:
            return self.browse()
        accreditations = self.env["mc.accreditation"].search(
            [
                ("programme_id", "in", awards.programme_id.ids),
                ("state", "in", ("accredited", "expired")),
            ]
        )
        if not accreditations:
            return self.browse()
        existing = set(
            self.search_fetch(
                [("award_id", "in", awards.ids)], ["award_id", "accreditation_id"]
            ).mapped(lambda r: (r.award_id.id, r.accreditation_id.id))
        )
        vals_list = []
        for award in awards:
            date = award.award_date or fields.Date.context_today(self)
            valid = accreditations.filtered(
                lambda a, award=award: a.programme_id == award.programme_id
            )._filtered_valid(date)
            for accreditation in valid:
                if (award.id, accreditation.id) in existing:
                    continue
                vals_list.append(
                    {
                        "learner_id": award.learner_id.id,
                        "accreditation_id": accreditation.id,
                        "award_id": award.id,
                        "date": date,
                        "credits": accreditation.cpd_credits,
                    }
                )
        records = self.create(vals_list)
        records._mc_sign_body_credentials()
        return records

    def _mc_signed_guard_message(self):
        return self.env._(
            "The signed professional certificate of a CPD record cannot be changed."
        )

    def _mc_status_entry_links(self):
        # the academic award's: revoking or suspending it flips these bits too
        self.ensure_one()
        return {"award_id": self.award_id.id, "award_line_id": False}

    # ------------------------------------------------------------------------
    # signed professional certificate

    def _mc_sign_body_credentials(self):
        """Sign, in one batch, the professional certificates of the records whose
        accreditation issues one: an OpenBadgeCredential issued by the body's own
        organisation with its own Ed25519 key (generated on first use, like an
        institution's), referring to the academic award's credential."""
        records = self.filtered(
            lambda r: r.issues_certificate
            and not r.credential_json
            and r.body_id.partner_id
            and r.award_id.credential_uuid
        )
        if not records:
            return
        issuers = records.body_id.partner_id
        signers = issuers._mc_signers()
        profiles = {partner: partner._mc_issuer_profile() for partner in issuers}
        created = fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        # Status: each certificate gets an index in the body's own revocation and
        # suspension lists, tied to the academic award, so that revoking or
        # suspending the award flips the certificate's bits too (and the body
        # re-signs its lists).
        lists = self.env["mc.status.list"]._get_lists(issuers)
        urns = {record: f"urn:uuid:{uuid.uuid4()}" for record in records}
        indexes = self._mc_allocate_status_entries(
            [(record, record.body_id.partner_id, urns[record]) for record in records],
            lists,
        )
        for record in records:
            partner, urn = record.body_id.partner_id, urns[record]
            data = record._mc_body_credential_data(profiles[partner], urn)
            data["status"] = self._mc_status_data(partner, urn, lists, indexes)
            unsigned = build_open_badge_credential(data)
            unsigned["evidence"] = [record._mc_award_evidence()]
            signed = add_proofs(unsigned, [signers[partner]], created)
            record._write_transition(
                {"credential_uuid": urn, **record._mc_signed_vals(signed)}
            )

    def _mc_body_credential_data(self, issuer, credential_id):
        """Plain dict of one professional certificate for the credential builder."""
        self.ensure_one()
        body, programme, award = self.body_id, self.programme_id, self.award_id
        unit = dict(self._fields["cpd_unit"]._description_selection(self.env)).get(
            self.cpd_unit, self.cpd_unit
        )
        framework = body.cpd_framework or body.name
        base_url = body.partner_id._mc_issuer_base_url()
        achievement_key = (
            f"{base_url}/mc/professional/{body.partner_id.mc_issuer_slug}/"
            f"{programme.code}/{programme.version or 1}"
        )
        name = self.env._(
            "%(body)s professional certificate: %(programme)s",
            body=body.name,
            programme=programme.name,
        )
        learner = self.learner_id
        recipient = (
            {"email": learner.email}
            if learner.email
            else {
                "id": f"urn:uuid:"
                f"{uuid.uuid5(uuid.NAMESPACE_URL, award.credential_uuid)}"
            }
        )
        return {
            "id": credential_id,
            "issuer": issuer,
            "valid_from": fields.Datetime.now(),
            "awarded_date": datetime.combine(self.date, time(12), timezone.utc),
            "recipient": recipient,
            "achievement": {
                "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, achievement_key)}",
                "achievement_type": "Certification",
                "language": (self.env.lang or "en_US").replace("_", "-"),
                "name": name,
                "description": self.env._(
                    "Professional certificate of %(body)s for %(programme)s, worth "
                    "%(credits)s CPD %(unit)s under the %(framework)s framework.",
                    body=body.name,
                    programme=programme.name,
                    credits=self.credits,
                    unit=unit.lower(),
                    framework=framework,
                ),
                "criteria": self.env._(
                    "Holds the academic award %(code)s accredited by %(body)s "
                    "(accreditation %(reference)s).",
                    code=programme.code,
                    body=body.name,
                    reference=self.accreditation_id.reference or "-",
                ),
                "credits": self.credits,
                "human_code": programme.code,
                "creator": issuer,
            },
            "credits_earned": self.credits,
        }

    def _mc_award_evidence(self):
        """Evidence entry pointing at the academic award's signed credential."""
        self.ensure_one()
        award = self.award_id
        return {
            "id": award.credential_uuid,
            "type": ["Evidence"],
            "name": self.env._("Academic award"),
            "narrative": self.env._(
                "Awarded on the strength of the academic credential %(credential)s "
                "(%(programme)s).",
                credential=award.credential_uuid,
                programme=self.programme_id.name,
            ),
        }
