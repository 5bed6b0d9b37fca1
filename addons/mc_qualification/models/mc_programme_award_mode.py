# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How a programme awards: jointly, one award per institution, or jointly with
separate awards for the institutions that cannot co-sign."""

from odoo import api, fields, models

PROGRAMME_AWARD_MODES = [
    ("joint", "Joint award (one document signed by every partner)"),
    ("multiple", "One award per institution"),
    ("joint_fallback", "Joint award, separate awards where a partner cannot co-sign"),
]


class McProgramme(models.Model):
    _inherit = "mc.programme"

    award_mode = fields.Selection(
        PROGRAMME_AWARD_MODES,
        compute="_compute_award_mode",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
        help="Joint: one document signed by every awarding institution, following "
        "the leading institution's rules. One award per institution: each "
        "institution issues its own document, naming the others. Joint with "
        "fallback: a joint document, and a separate award from each institution "
        "marked on the Alignment tab as unable to co-sign (the reason is printed "
        "on its supplement). In a network, the mode applies to double awards.",
    )

    @api.depends("partnership_id")
    def _compute_award_mode(self):
        """Default that keeps how awards were made before the setting existed:
        a network awards each institution separately (double award), a joint
        consortium awards jointly. Set only while the mode is empty."""
        for programme in self:
            if not programme.award_mode:
                network = programme.partnership_id.ownership_model == "network"
                programme.award_mode = "multiple" if network else "joint"

    @api.constrains("award_mode", "alignment_ids")
    def _check_award_mode(self):
        self.alignment_ids._check_separate_award()

    def _get_publish_blockers(self):
        blockers = super()._get_publish_blockers()
        if self.award_mode == "joint_fallback" and not self.alignment_ids.filtered(
            "separate_award"
        ):
            blockers.append(
                self.env._(
                    "The award mode is joint with fallback, but no institution is "
                    "marked on the Alignment tab as awarding separately: mark one, "
                    "or choose the joint award."
                )
            )
        return blockers

    def _mc_award_line_vals(self, institutions, mode):
        """Values of the award lines of ``institutions`` for an award in ``mode``:
        in a joint award with fallback, the institutions that cannot co-sign
        award separately, with the reason recorded on their alignment."""
        self.ensure_one()
        separate = {}
        if mode == "joint_fallback":
            separate = {
                line.institution_id: line
                for line in self.alignment_ids
                if line.separate_award
            }
        return [
            {
                "institution_id": institution.id,
                "separate_award": institution in separate,
                "separate_reason": separate[institution].separate_reason
                if institution in separate
                else False,
            }
            for institution in institutions
        ]

    def _mc_award_mode_for(self, institutions):
        """The mode of an award by ``institutions`` under this programme's
        setting: a single institution awards alone (``joint``, one document);
        joint with fallback stays joint when every institution co-signs."""
        self.ensure_one()
        if len(institutions) < 2:
            return "joint"
        if self.award_mode == "joint_fallback":
            separate = self.alignment_ids.filtered("separate_award").institution_id
            return "joint_fallback" if separate & institutions else "joint"
        return self.award_mode
