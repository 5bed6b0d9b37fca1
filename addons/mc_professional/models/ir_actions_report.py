# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import OrderedDict

from odoo import api, models

# Reports laid out for Debian's wkhtmltopdf 0.12.6 (unpatched Qt): the whole
# layout lives in the page body.
MC_PROFESSIONAL_REPORTS = (
    "mc_professional.report_professional_certificate",
    "mc_professional.report_cpd_statement",
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _is_mc_professional_report(self, report_ref):
        return self._get_report(report_ref).report_name in MC_PROFESSIONAL_REPORTS

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Print professional certificates one CPD record per wkhtmltopdf call:
        Debian's wkhtmltopdf fails on several HTML documents at once. The CPD
        statement groups its records itself and is printed in one call."""
        if (
            res_ids
            and len(res_ids) > 1
            and len(res_ids) == len(set(res_ids))
            and self._get_report(report_ref).report_name
            == "mc_professional.report_professional_certificate"
        ):
            streams = OrderedDict()
            for res_id in res_ids:
                streams.update(
                    super()._render_qweb_pdf_prepare_streams(
                        report_ref, data, res_ids=[res_id]
                    )
                )
            return streams
        return super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )

    @api.model
    def _run_wkhtmltopdf(
        self, bodies, report_ref=False, header=None, footer=None, **kw
    ):
        """Pass no HTML header or footer for our documents: Debian's wkhtmltopdf
        ignores them with a message on stderr, logged as a warning."""
        if report_ref and self._is_mc_professional_report(report_ref):
            header = footer = None
        return super()._run_wkhtmltopdf(
            bodies, report_ref=report_ref, header=header, footer=footer, **kw
        )
