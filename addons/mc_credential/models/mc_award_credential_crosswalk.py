# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The crosswalk in the Open Badges 3.0 credentials: each signing institution's
local award and national framework level, as ``alignment`` entries of the
achievement (see ``mc_credentials.credential.crosswalk_alignments``)."""

from odoo import models


class McAward(models.Model):
    _inherit = "mc.award"

    def _mc_achievement_data(self, institution, lang_codes):
        data, classification = super()._mc_achievement_data(institution, lang_codes)
        data["crosswalk"] = self._mc_ob3_crosswalk(institution, lang_codes[0])
        if self.award_mode == "multiple":
            # one credential per institution, built from one template: each
            # takes its own institution's crosswalk from this map
            data["crosswalk_by_issuer"] = {
                member._mc_did(): self._mc_ob3_crosswalk(member, lang_codes[0])
                for member in self._mc_awarding_institutions()
            }
        return data, classification

    def _mc_ob3_crosswalk(self, issuer, lang):
        """The crosswalk of the institutions that sign the credential of
        ``issuer``: every co-signer of a joint award (also when the partnership
        issues), the institution alone in a multiple award or a separate award.

        :param lang: the credential's primary language (Odoo code).
        """
        self.ensure_one()
        joint = self._mc_joint_institutions()
        institutions = (
            joint if issuer in joint or issuer.mc_issuer_partnership_id else issuer
        )
        return [
            {
                "institution": item["institution"].name,
                "url": item["institution"].website
                or item["institution"]._mc_issuer_base_url(),
                "local_name": item["local_name"],
                "local_type": item["local_type"],
                "nqf_level": item["nqf_level"],
                "framework": item["institution"].nqf_name or "",
            }
            for item in self.with_context(lang=lang)._mc_crosswalk(institutions)
        ]
