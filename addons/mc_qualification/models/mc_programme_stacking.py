# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .classification import find_stacking_cycle


class McProgrammeStacking(models.Model):
    """What a programme stacks into at a partner: another programme or a named
    degree, and for how long its credits stay valid."""

    _name = "mc.programme.stacking"
    _inherit = "mc.programme.content.mixin"
    _description = "Stackability option"
    _order = "programme_id, sequence, id"

    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "mc.programme", required=True, ondelete="cascade", index=True
    )
    institution_id = fields.Many2one(
        "res.partner",
        string="At institution",
        ondelete="restrict",
        domain="[('id', 'in', allowed_institution_ids)]",
        help="The partner where the programme counts towards the target; empty "
        "for every partner.",
    )
    allowed_institution_ids = fields.Many2many(
        "res.partner", compute="_compute_allowed_institution_ids"
    )
    target_programme_id = fields.Many2one(
        "mc.programme",
        string="Stacks into programme",
        ondelete="restrict",
        index=True,
    )
    target_degree_name = fields.Char(
        string="Stacks into degree",
        translate=True,
        help="A degree outside the registry, e.g. 'Master of Public Health'.",
    )
    target_is_degree = fields.Boolean(
        string="Towards a degree", compute="_compute_target_is_degree"
    )
    ects_recognised = fields.Float(
        string="ECTS recognised", help="Credits recognised in the target; empty: all."
    )
    credit_validity_months = fields.Integer(
        string="Credits valid (months)",
        help="How long the credits can be used towards the target; 0: without limit.",
    )
    note = fields.Char()
    company_id = fields.Many2one(related="programme_id.company_id", store=True)

    @api.depends("programme_id.partnership_id.member_ids.institution_id")
    def _compute_allowed_institution_ids(self):
        for line in self:
            line.allowed_institution_ids = (
                line.programme_id.partnership_id.member_ids.institution_id
            )

    @api.depends("target_degree_name", "target_programme_id.qualification_type_id")
    def _compute_target_is_degree(self):
        for line in self:
            line.target_is_degree = bool(
                line.target_degree_name
                or line.target_programme_id.qualification_type_id.is_degree
            )

    @api.constrains("target_programme_id", "target_degree_name", "programme_id")
    def _check_target(self):
        for line in self:
            if bool(line.target_programme_id) == bool(line.target_degree_name):
                raise ValidationError(
                    self.env._(
                        "Stackability of %(programme)s: give either a target "
                        "programme or a target degree name (exactly one).",
                        programme=line.programme_id.display_name,
                    )
                )
            if line.target_programme_id == line.programme_id:
                raise ValidationError(
                    self.env._(
                        "Stackability of %(programme)s: a programme cannot stack "
                        "into itself.",
                        programme=line.programme_id.display_name,
                    )
                )
        self._check_no_cycle()

    def _check_no_cycle(self):
        lines = self.search([("target_programme_id", "!=", False)])
        edges = {}
        for line in lines:
            edges.setdefault(line.programme_id.id, set()).add(
                line.target_programme_id.id
            )
        cycle = find_stacking_cycle(edges, self.programme_id.ids)
        if cycle:
            names = {
                p.id: p.display_name for p in self.env["mc.programme"].browse(cycle)
            }
            raise ValidationError(
                self.env._(
                    "Stackability: a stacking cycle is not allowed: %(cycle)s.",
                    cycle=" → ".join(names[pid] for pid in cycle),
                )
            )

    @api.constrains("institution_id", "programme_id")
    def _check_institution(self):
        for line in self:
            institutions = line.programme_id.partnership_id.member_ids.institution_id
            if line.institution_id and line.institution_id not in institutions:
                raise ValidationError(
                    self.env._(
                        "Stackability of %(programme)s: %(institution)s is not a "
                        "member of the partnership.",
                        programme=line.programme_id.display_name,
                        institution=line.institution_id.display_name,
                    )
                )

    @api.constrains("credit_validity_months", "ects_recognised")
    def _check_numbers(self):
        for line in self:
            if line.credit_validity_months < 0 or line.ects_recognised < 0:
                raise ValidationError(
                    self.env._(
                        "Stackability of %(programme)s: the ECTS recognised and the "
                        "validity in months cannot be negative.",
                        programme=line.programme_id.display_name,
                    )
                )
