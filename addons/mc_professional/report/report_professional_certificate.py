# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import UserError


class ReportProfessionalCertificate(models.AbstractModel):
    _name = "report.mc_professional.report_professional_certificate"
    _description = "Professional certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        records = self.env["mc.cpd.record"].browse(docids)
        printable = records.filtered(
            lambda r: r.issues_certificate and r.state == "valid"
        )
        if not printable:
            raise UserError(
                self.env._(
                    "No professional certificate to print: the selected CPD records "
                    "are cancelled, or their accreditations do not issue a "
                    "professional certificate."
                )
            )
        return {"doc_ids": printable.ids, "doc_model": records._name, "docs": printable}
