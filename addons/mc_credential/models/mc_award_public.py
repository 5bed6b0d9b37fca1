# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import AccessError


class McAward(models.Model):
    """Whitelisted values of an award for the public verification page and the
    learner's portal."""

    _inherit = "mc.award"

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
        multiple = self.award_mode in ("multiple", "joint_fallback")
        lines = self.env["mc.award.line"].search_fetch(
            [("award_id", "=", self.id)],
            ["institution_id", "classification"]
            + (["credential_json"] if multiple else []),
        )
        institutions = self._mc_awarding_institutions(lines, with_leading=True)
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
            "institutions": award._mc_awarding_institutions(with_leading=True).mapped(
                "name"
            ),
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
