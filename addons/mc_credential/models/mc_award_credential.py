# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class McAward(models.Model):
    """Signed Open Badges 3.0 credential of an award.

    Two identifiers, on purpose:

    * ``credential_uuid`` (``urn:uuid:…``) is the id *inside* the signed
      credential. It never changes.
    * ``verification_token`` is the *public link* ``/mc/verify/<token>``. The
      learner can renew it (the old link stops working) or withdraw it (no public
      page at all) from the portal; the signed credential is untouched, because
      the token is not part of it.

    The signed credential (JSON, SHA-256, urn:uuid id, status entries, and
    their write guard) comes from ``mc.signed.credential``.
    """

    _name = "mc.award"
    # the mixin first: mc.award already inherits mc.transition.mixin, which the
    # mixin extends (a consistent method resolution order)
    _inherit = ["mc.signed.credential", "mc.award"]  # noqa: RUF012

    credential_json = fields.Text(
        help="Open Badges 3.0 credential signed with eddsa-rdfc-2022 when the "
        "award is issued (joint award: one proof per awarding institution). "
        "Immutable.",
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

    def _mc_signed_guard_message(self):
        return self.env._(
            "The signed credential of an award cannot be changed. Revoke the "
            "award and issue a replacement instead."
        )

    def _mc_status_entry_links(self):
        self.ensure_one()
        return {"award_id": self.id, "award_line_id": False}

    # ------------------------------------------------------------------------
    # actions

    def action_renew_public_link(self):
        """Give the public verification page a new address; the old one dies."""
        # The token is protected on issued awards; the public link is not part of
        # the signed credential, so renewing it is a permitted transition.
        for award in self:
            award._write_transition({"verification_token": self._mc_new_token()})
        return True

    def action_withdraw_public_link(self):
        """Remove the public verification page (the credential stays valid)."""
        self._write_transition({"verification_token": False})
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

    @api.model
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
