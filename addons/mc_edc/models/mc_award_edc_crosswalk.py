# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The crosswalk in the European Digital Credentials: a joint EDC carries the
national framework level of every co-signing institution, and every EDC a note
with each of its institutions' local award name, type and level."""

from odoo import models


class McAward(models.Model):
    _inherit = "mc.award"

    def _mc_edc_spec(self, institution, langs):
        spec = super()._mc_edc_spec(institution, langs)
        joint = self._mc_joint_institutions()
        institutions = joint if institution in joint else institution
        alignments = {
            line.institution_id: line for line in self.programme_id.alignment_ids
        }
        nqf = {}
        for member in institutions:
            for level in self.programme_id._mc_elm_nqf(alignments.get(member)):
                nqf.setdefault(level["key"], level)
        spec["nqf"] = list(nqf.values())
        spec["crosswalk"] = self._mc_edc_crosswalk_note(institutions, langs)
        if self.award_mode == "multiple":
            # one EDC per institution, built from one template: each takes its
            # own institution's note from this map
            spec["crosswalk_by_issuer"] = {
                member._mc_did(): self._mc_edc_crosswalk_note(member, langs)
                for member in self._mc_awarding_institutions()
            }
        return spec

    def _mc_edc_crosswalk_note(self, institutions, langs):
        """``{lang: text}``: one sentence per institution of the crosswalk, in
        each document language; None without crosswalk."""
        note = {}
        for code in langs:
            award = self.with_context(lang=code)
            sentences = [
                award.env._(
                    "Recognised at %(institution)s as %(local_name)s (type: "
                    "%(local_type)s; national framework level: %(nqf_level)s).",
                    institution=item["institution"].name,
                    local_name=item["local_name"] or "–",
                    local_type=item["local_type"] or "–",
                    nqf_level=item["nqf_level"] or "–",
                )
                for item in award._mc_crosswalk(institutions)
            ]
            if sentences:
                note[code] = " ".join(sentences)
        return note or None
