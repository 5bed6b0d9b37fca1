# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, models


class McAward(models.Model):
    """Delivery of the signed credentials: attachments and the learner's mail."""

    _inherit = "mc.award"

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
