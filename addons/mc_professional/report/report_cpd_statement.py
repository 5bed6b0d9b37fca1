# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ReportCpdStatement(models.AbstractModel):
    _name = "report.mc_professional.report_cpd_statement"
    _description = "CPD statement per learner and professional body"

    @api.model
    def _get_report_values(self, docids, data=None):
        records = (
            self.env["mc.cpd.record"]
            .browse(docids)
            .filtered(lambda r: r.state == "valid")
            .sorted(lambda r: (r.learner_id.name or "", r.body_id.name or "", r.date))
        )
        statements = []
        for (learner, body), lines in records.grouped(
            lambda r: (r.learner_id, r.body_id)
        ).items():
            statements.append(
                {
                    "learner": learner,
                    "body": body,
                    "records": lines,
                    "total": sum(lines.mapped("credits")),
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "mc.cpd.record",
            "docs": records,
            "statements": statements,
        }
