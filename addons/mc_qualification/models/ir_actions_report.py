# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import OrderedDict

from odoo import api, models

# Reports laid out for Debian's wkhtmltopdf 0.12.6 (unpatched Qt).
MC_DOCUMENT_REPORTS = (
    "mc_qualification.report_mc_certificate",
    "mc_qualification.report_mc_supplement",
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _mc_body_layout_reports(self):
        """Names of the reports whose whole layout is in the page body: no HTML
        header or footer, no JavaScript delay. Other addons extend it with super()."""
        return set(MC_DOCUMENT_REPORTS)

    @api.model
    def _mc_one_record_per_call_reports(self):
        """Names of the reports rendered one record per wkhtmltopdf call (extend it
        with super())."""
        return set(MC_DOCUMENT_REPORTS)

    @api.model
    def _is_mc_document_report(self, report_ref):
        return self._get_report(report_ref).report_name in (
            self._mc_body_layout_reports()
        )

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Render the certificates and supplements one award per wkhtmltopdf call.

        Debian's wkhtmltopdf (unpatched Qt) fails when given several HTML documents
        at once, which Odoo does when several records are printed together. One
        call per award also gives each award its own stored attachment.
        """
        if (
            res_ids
            and len(res_ids) > 1
            and len(res_ids) == len(set(res_ids))
            and self._get_report(report_ref).report_name
            in self._mc_one_record_per_call_reports()
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
        """Our documents carry their whole layout in the body: pass no HTML header
        or footer, which Debian's wkhtmltopdf ignores with a message on stderr
        (that Odoo would log as a warning for every document)."""
        reports = self
        if report_ref and self._is_mc_document_report(report_ref):
            header = footer = None
            reports = self.with_context(mc_document_no_js_delay=True)
        return super(IrActionsReport, reports)._run_wkhtmltopdf(
            bodies, report_ref=report_ref, header=header, footer=footer, **kw
        )

    @api.model
    def _build_wkhtmltopdf_args(self, paperformat_id, landscape, *args, **kwargs):
        """No JavaScript delay for our documents: Odoo waits ``report.print_delay``
        (1 s by default) for the script that fills headers and footers; our pages
        have neither, and no script at all."""
        command_args = super()._build_wkhtmltopdf_args(
            paperformat_id, landscape, *args, **kwargs
        )
        if self.env.context.get("mc_document_no_js_delay"):
            index = command_args.index("--javascript-delay")
            command_args[index + 1] = "0"
        return command_args
