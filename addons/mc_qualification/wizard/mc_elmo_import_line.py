# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McElmoImportLine(models.TransientModel):
    """One learning opportunity of an ELMO transcript and the unit it maps to."""

    _name = "mc.elmo.import.line"
    _description = "ELMO Transcript Line"

    import_id = fields.Many2one("mc.elmo.import", required=True, ondelete="cascade")
    code = fields.Char(readonly=True)
    title = fields.Char(readonly=True)
    grade = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    passed = fields.Boolean(readonly=True)
    ects = fields.Float(string="ECTS", readonly=True, digits=(6, 2))
    unit_id = fields.Many2one("mc.programme.unit", string="Our Unit", readonly=True)
    action = fields.Selection(
        [("create", "Record"), ("known", "Already recorded")],
        readonly=True,
        required=True,
    )
