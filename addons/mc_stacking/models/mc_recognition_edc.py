# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timezone

from mc_credentials import (
    edc as edc_lib,
    jades,
)

from odoo import api, models

from . import recognition_rules as rules


class McRecognition(models.Model):
    """European Digital Credentials issued elsewhere (sealed with JAdES) as
    recognition requests, and recognitions named in a milestone award's EDC."""

    _inherit = "mc.recognition"

    @api.model
    def _mc_check_external_edc(self, enrolment, document, texts, exclude=None):
        """``(problems, vals)`` of a sealed EDC for ``enrolment``: trusted
        issuer, seal and certificate chain to the issuer's registered
        certificates, certificate and credential dates, status when the EDC
        carries one, learner identity, no earlier recognition in the programme.
        ``texts`` is ``(credential text, status lists text)``."""
        try:
            facts = edc_lib.read_edc(jades.payload_of(document))
        except jades.SealError as error:
            return [
                self.env._(
                    "The file is not a sealed European Digital Credential: "
                    "%(reason)s.",
                    reason=error,
                )
            ], {}
        trusted = self.env["mc.trusted.issuer"]._mc_find(facts["issuer_id"])
        certificates = trusted._mc_certificates()
        if not certificates:
            return [
                self._mc_untrusted_problem(facts["issuer_id"], edc=bool(trusted))
            ], {}
        now = datetime.now(timezone.utc)
        lists = rules.status_lists_by_id(rules.load_json(texts[1] or "[]"))
        report = jades.verify_sealed(
            document,
            certificates,
            now=now,
            status_entries=facts["status"],
            fetch_status_list=lists.get,
            resolve_key=trusted._mc_resolver(),
            status_issuer=facts["issuer_id"],
        )
        edc_lib.check_validity(report, facts, now)
        problems = self._mc_report_problems(report)
        if not problems and not rules.same_email(
            facts["emails"], enrolment.learner_id.email
        ):
            problems.append(self._mc_identity_problem(enrolment.learner_id))
        ref = facts["id"] or rules.text_digest(texts[0])
        problems += self._mc_request_problems(enrolment, ref, exclude)
        if problems:
            return problems, {}
        facts["issuer_name"] = facts["issuer_name"] or trusted.name
        return [], self._mc_request_vals(enrolment, trusted, report, texts, ref, facts)

    def _mc_edc_issuer(self):
        """The issuer of the recognised credential as an organisation of the
        milestone award's EDC, or ``None`` when its country is unknown (an
        institution without country, an external issuer whose trusted-issuer
        entry has none): the EDC cannot name it, the supplement still does."""
        self.ensure_one()
        if self.award_id:
            institution = self.award_id.leading_institution_id
            if not institution.country_id or not institution._mc_did():
                return None
            return institution._mc_edc_organisation()
        country = self.trusted_issuer_id.country_id
        if not country or not self.issuer_ref:
            return None
        return {
            "id": self.issuer_ref,
            "name": self.issuer_name or self.trusted_issuer_id.name,
            "country": country.code,
        }
