# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import (
    DEFAULT_DOCUMENT_MODE,
    DOCUMENT_MODES,
    DOCUMENT_REPORTS as REPORTS,
)


class McAwardPrint(models.TransientModel):
    """Print the certificate or the supplement of awards in a chosen language mode."""

    _name = "mc.award.print"
    _description = "Print award documents"

    award_ids = fields.Many2many("mc.award", string="Awards", required=True)
    document = fields.Selection(
        [("certificate", "Certificate"), ("supplement", "Qualification supplement")],
        required=True,
        default="certificate",
    )
    lang_mode = fields.Selection(
        DOCUMENT_MODES,
        string="Languages",
        required=True,
        default=DEFAULT_DOCUMENT_MODE,
        help="Institutions' languages: each institution's document language (the "
        "leading one for a joint award; one side or one certificate per institution "
        "otherwise). Learner's language: the learner's own. Bilingual: the "
        "institution's language and the learner's in two columns.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "award_ids" in fields_list
            and self.env.context.get("active_model") == "mc.award"
        ):
            values["award_ids"] = [
                fields.Command.set(self.env.context.get("active_ids") or [])
            ]
        return values

    def action_print(self):
        self.ensure_one()
        not_issued = self.award_ids.filtered(lambda award: award.state != "issued")
        if not_issued:
            raise UserError(
                self.env._(
                    "Only issued awards can be printed: %(awards)s. Issue them first.",
                    awards=", ".join(not_issued.mapped("display_name")),
                )
            )
        report = self.env.ref(REPORTS[self.document])
        return report.with_context(mc_document_mode=self.lang_mode).report_action(
            self.award_ids
        )
