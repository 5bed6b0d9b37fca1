# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class IrActionsReport(models.Model):
    """The professional certificate and the CPD statement are laid out for Debian's
    wkhtmltopdf like the academic documents (mc_qualification's mechanism)."""

    _inherit = "ir.actions.report"

    @api.model
    def _mc_body_layout_reports(self):
        return super()._mc_body_layout_reports() | {
            "mc_professional.report_professional_certificate",
            "mc_professional.report_cpd_statement",
        }

    @api.model
    def _mc_one_record_per_call_reports(self):
        # The CPD statement groups its records itself and prints in one call.
        return super()._mc_one_record_per_call_reports() | {
            "mc_professional.report_professional_certificate"
        }
