# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

ACTIVE_STATES = ("enrolled", "completed")


class McRegistryOverview(models.TransientModel):
    """The registry's to-do list: what waits for an officer's action."""

    _name = "mc.registry.overview"
    _description = "Registry Overview"

    to_award_count = fields.Integer(
        string="Complete, Not Awarded", compute="_compute_counts"
    )
    draft_award_count = fields.Integer(
        string="Awards to Issue", compute="_compute_counts"
    )
    check_failed_count = fields.Integer(
        string="Failed Credential Checks", compute="_compute_counts"
    )
    approval_count = fields.Integer(
        string="Programmes in Approval", compute="_compute_counts"
    )

    @api.model
    def _mc_items(self):
        """{field: (model, domain)} of each count; a module adds its own."""
        items = {
            "to_award_count": (
                "mc.enrolment",
                [
                    ("is_complete", "=", True),
                    ("state", "in", ACTIVE_STATES),
                    (
                        "award_ids",
                        "not any",
                        [("state", "in", ("issued", "suspended"))],
                    ),
                ],
            ),
            "draft_award_count": ("mc.award", [("state", "=", "draft")]),
            "approval_count": ("mc.programme", [("state", "=", "approval")]),
        }
        # The independent credential check lives with the credential code.
        if "credential_check_state" in self.env["mc.award"]._fields:
            items["check_failed_count"] = (
                "mc.award",
                [("credential_check_state", "=", "failed")],
            )
        return items

    def _compute_counts(self):
        counts = {
            fname: self.env[model].search_count(domain)
            for fname, (model, domain) in self._mc_items().items()
        }
        for overview in self:
            for fname in self._mc_count_fields():
                overview[fname] = counts.get(fname, 0)

    def _mc_count_fields(self):
        return [name for name in self._fields if name.endswith("_count")]

    def action_open(self):
        """Open the records behind the count named in the context."""
        fname = self.env.context.get("mc_overview_item")
        model, domain = self._mc_items()[fname]
        return {
            "type": "ir.actions.act_window",
            "name": self._fields[fname].get_description(self.env)["string"],
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
        }
