# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Learner portal: /my/cpd shows the learner's own CPD ledger (credits earned
under each professional body's accreditation, through which award)."""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CpdLedgerPortal(CustomerPortal):
    def _mc_own_cpd_records(self):
        """The current user's own CPD records. sudo: learners cannot read the
        ledger; the domain restricts it to their own partner."""
        partner = request.env.user.partner_id
        return (
            request.env["mc.cpd.record"]
            .sudo()
            .search([("learner_id", "=", partner.id)], order="date desc, id desc")
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mc_cpd_count" in counters:
            values["mc_cpd_count"] = len(self._mc_own_cpd_records())
        return values

    @http.route(["/my/cpd"], type="http", auth="user", website=True)
    def portal_my_cpd(self, **_kwargs):
        records = self._mc_own_cpd_records()
        unit_labels = dict(
            records._fields["cpd_unit"]._description_selection(request.env)
        )
        totals = {}
        for record in records.filtered(lambda r: r.state == "valid"):
            key = (record.body_id.name, unit_labels.get(record.cpd_unit, ""))
            totals[key] = totals.get(key, 0.0) + record.credits
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mc_cpd",
                "mc_cpd_records": [
                    {
                        "date": record.date,
                        "body": record.body_id.name,
                        "programme": record.programme_id.name,
                        "credits": record.credits,
                        "unit": unit_labels.get(record.cpd_unit, ""),
                        "valid": record.state == "valid",
                    }
                    for record in records
                ],
                "mc_cpd_totals": [
                    {"body": body, "unit": unit, "credits": credits}
                    for (body, unit), credits in sorted(totals.items())
                ],
            }
        )
        return request.render("mc_professional.portal_my_cpd", values)
