# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

REGISTRY_GROUP = "mc_qualification.mc_qualification_group_officer"


class ResPartner(models.Model):
    """A learner: a contact enrolled in micro-credential programmes.

    The personal fields (birth date and place, nationality, student identifiers)
    are needed for the Diploma Supplement (section 1) and only registry staff
    may read them.
    """

    _inherit = "res.partner"

    is_learner = fields.Boolean(
        string="Learner",
        help="Enrols in micro-credential programmes and receives awards.",
    )
    # Personal data: registry staff only (Diploma Supplement section 1)
    birth_date = fields.Date(string="Date of Birth", groups=REGISTRY_GROUP)
    birth_place = fields.Char(string="Place of Birth", groups=REGISTRY_GROUP)
    nationality_id = fields.Many2one(
        "res.country", string="Nationality", groups=REGISTRY_GROUP
    )
    student_identifier_ids = fields.One2many(
        "mc.student.identifier",
        "learner_id",
        string="Student Identifiers",
        groups=REGISTRY_GROUP,
        help="The learner's student number at each partner institution.",
    )
    # Learning record
    enrolment_ids = fields.One2many(
        "mc.enrolment", "learner_id", string="Enrolments", groups=REGISTRY_GROUP
    )
    mc_award_ids = fields.One2many(
        "mc.award", "learner_id", string="Awards", groups=REGISTRY_GROUP
    )
    enrolment_count = fields.Integer(
        compute="_compute_learner_counts", groups=REGISTRY_GROUP
    )
    mc_award_count = fields.Integer(
        compute="_compute_learner_counts", groups=REGISTRY_GROUP
    )
    mc_result_count = fields.Integer(
        compute="_compute_learner_counts", groups=REGISTRY_GROUP
    )

    @api.depends("enrolment_ids", "mc_award_ids")
    def _compute_learner_counts(self):
        domain = [("learner_id", "in", self.ids)]
        enrolments = dict(
            self.env["mc.enrolment"]._read_group(domain, ["learner_id"], ["__count"])
        )
        awards = dict(
            self.env["mc.award"]._read_group(domain, ["learner_id"], ["__count"])
        )
        results = dict(
            self.env["mc.result"]._read_group(
                [("enrolment_id.learner_id", "in", self.ids)],
                ["enrolment_id"],
                ["__count"],
            )
        )
        results_by_learner = {}
        for enrolment, count in results.items():
            learner = enrolment.learner_id
            results_by_learner[learner] = results_by_learner.get(learner, 0) + count
        for partner in self:
            partner.enrolment_count = enrolments.get(partner, 0)
            partner.mc_award_count = awards.get(partner, 0)
            partner.mc_result_count = results_by_learner.get(partner, 0)

    @api.model
    def get_import_templates(self):
        """From the Learners list, offer the learner template (student numbers
        per institution) instead of the generic contact one."""
        if self.env.context.get("default_is_learner"):
            return [
                {
                    "label": self.env._("Import Template for Learners"),
                    "template": "/mc_qualification/static/xls/mc_learner.xlsx",
                }
            ]
        return super().get_import_templates()

    def action_view_enrolments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_enrolment_action"
        )
        action["domain"] = [("learner_id", "=", self.id)]
        action["context"] = {"default_learner_id": self.id}
        return action

    def action_view_awards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_award_action"
        )
        action["domain"] = [("learner_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 0}
        return action

    def action_view_transcript(self):
        """Transcript of records: every result of the learner, by enrolment."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_qualification.mc_result_action"
        )
        action["domain"] = [("enrolment_id.learner_id", "=", self.id)]
        action["context"] = {"search_default_group_enrolment": 1}
        action["name"] = self.env._("Transcript of Records: %(name)s", name=self.name)
        return action
