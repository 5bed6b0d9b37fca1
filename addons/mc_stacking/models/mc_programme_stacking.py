# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class McProgrammeStacking(models.Model):
    """The unit mapping of a stacking rule: which units of the target programme
    an award of the stacking programme covers when it is recognised."""

    _inherit = "mc.programme.stacking"

    target_unit_ids = fields.Many2many(
        "mc.programme.unit",
        "mc_programme_stacking_target_unit_rel",
        "stacking_id",
        "unit_id",
        string="Covers units",
        domain="[('programme_id', '=', target_programme_id)]",
        help="Units of the target programme that a recognised award of this "
        "programme replaces; they become results of the learner's enrolment.",
    )
    target_units_ects = fields.Float(
        string="ECTS of the units covered", compute="_compute_target_units_ects"
    )

    def write(self, vals):
        """The unit mapping is the registry's reading of the target programme:
        it stays editable after the stacking programme is published (its own
        content stays frozen)."""
        records = self
        if set(vals) == {"target_unit_ids"}:
            records = self.with_context(mc_programme_creating=True)
        return super(McProgrammeStacking, records).write(vals)

    @api.depends("programme_id.name", "target_programme_id.name")
    def _compute_display_name(self):
        """A rule reads as what stacks into what (its form, recognitions)."""
        for rule in self:
            rule.display_name = self.env._(
                "%(programme)s stacks into %(target)s",
                programme=rule.programme_id.name or "",
                target=rule.target_programme_id.name or "",
            )

    @api.depends("target_unit_ids.ects")
    def _compute_target_units_ects(self):
        for rule in self:
            rule.target_units_ects = sum(rule.target_unit_ids.mapped("ects"))

    @api.constrains("target_unit_ids", "target_programme_id", "ects_recognised")
    def _check_target_units(self):
        for rule in self:
            foreign = rule.target_unit_ids.filtered(
                lambda unit, rule=rule: unit.programme_id != rule.target_programme_id
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Stackability of %(programme)s: the units covered must be "
                        "units of %(target)s; %(units)s are not.",
                        programme=rule.programme_id.display_name,
                        target=rule.target_programme_id.display_name or "-",
                        units=", ".join(foreign.mapped("display_name")),
                    )
                )
            units_ects = sum(rule.target_unit_ids.mapped("ects"))
            if (
                rule.target_unit_ids
                and rule.ects_recognised
                and float_compare(rule.ects_recognised, units_ects, precision_digits=2)
            ):
                raise ValidationError(
                    self.env._(
                        "Stackability of %(programme)s: %(ects)s ECTS recognised, "
                        "but the units covered count %(units_ects)s ECTS. Make "
                        "them equal or leave the ECTS recognised empty.",
                        programme=rule.programme_id.display_name,
                        ects=rule.ects_recognised,
                        units_ects=units_ects,
                    )
                )

    def _mc_ects_credited(self):
        """ECTS credited by a recognition under this rule."""
        self.ensure_one()
        return self.ects_recognised or self.target_units_ects

    @api.model
    def _mc_rules_into(self, programmes):
        """``{(source programme, target programme): rule}`` of the rules that
        stack into ``programmes`` (first by sequence)."""
        rules = self.search(
            [("target_programme_id", "in", programmes.ids)],
            order="sequence, id",
        )
        found = {}
        for rule in rules:
            found.setdefault((rule.programme_id, rule.target_programme_id), rule)
        return found
