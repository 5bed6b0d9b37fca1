# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import fields, models
from odoo.tools import format_date

from . import recognition_rules as rules


class McAward(models.Model):
    """A milestone award names the prior awards stacked into it: in the
    qualification supplement (sections 4 and 5) and in its signed credential
    (related achievements)."""

    _inherit = "mc.award"

    stacked_recognition_ids = fields.One2many(
        related="enrolment_id.recognition_ids", string="Stacked awards"
    )

    def _mc_stacked(self):
        """The recognitions of prior awards the award's enrolment stands on."""
        self.ensure_one()
        if not self.enrolment_id.ects_recognised:
            # stored on the enrolment: no query for an award without stacking
            return self.env["mc.recognition"]
        return self.enrolment_id.recognition_ids.filtered(
            lambda r: r.state == "recognised"
        )

    def _get_supplement_data(self, line=None):
        data = super()._get_supplement_data(line=line)
        stacked = [
            {
                "achievement": recognition.achievement_name or "",
                "issuer": recognition.issuer_name or "",
                "date": format_date(self.env, recognition.award_date)
                if recognition.award_date
                else "",
                "ects": recognition.ects_credited,
                "units": ", ".join(recognition.unit_ids.mapped("name")),
                "credential": recognition.credential_ref or "",
            }
            for recognition in self._mc_stacked()
        ]
        data["programme"]["stacked"] = stacked
        data["function"]["stacked"] = stacked
        return data

    def _mc_achievement_data(self, institution, lang_codes):
        data, classification = super()._mc_achievement_data(institution, lang_codes)
        related = [
            {"id": achievement_id}
            for achievement_id in self._mc_stacked_achievement_ids()
        ]
        if related:
            data["related"] = list(data.get("related") or []) + related
        return data, classification

    def _mc_stacked_achievement_ids(self):
        """Ids of the achievements of the stacked awards' signed credentials."""
        ids = []
        for recognition in self._mc_stacked():
            text = recognition.award_id.credential_json or recognition.credential_json
            achievement_id = rules.achievement(json.loads(text) if text else {}).get(
                "id"
            )
            if isinstance(achievement_id, str) and achievement_id not in ids:
                ids.append(achievement_id)
        return ids

    def _mc_edc_data(self, institution):
        """The EDC names the stacked awards as parts (ELM ``hasPart``)."""
        data = super()._mc_edc_data(institution)
        stacked = self._mc_edc_stacked(data["languages"])
        if stacked:
            data["stacked"] = stacked
        return data

    def _mc_edc_stacked(self, langs):
        """The recognised prior awards as plain dicts for the EDC builder."""
        stacked = []
        passed = {code: self.with_context(lang=code).env._("Passed") for code in langs}
        for recognition in self._mc_stacked():
            issuer = recognition._mc_edc_issuer()
            award = recognition.award_id
            awarded = recognition.award_date or award.award_date
            if not (issuer and awarded and recognition.credential_ref):
                continue
            stacked.append(
                {
                    "title": {
                        code: award.programme_id.with_context(lang=code).name
                        for code in langs
                    }
                    if award
                    else recognition.achievement_name,
                    "credential_id": recognition.credential_ref,
                    "issuer": issuer,
                    "awarded": awarded,
                    "credits": recognition.ects_credited,
                    "grade": passed,
                }
            )
        return stacked
