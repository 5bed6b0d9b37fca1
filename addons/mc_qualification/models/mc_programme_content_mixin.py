# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class McProgrammeContentMixin(models.AbstractModel):
    """Lines that are part of a programme's content (units, mobility windows,
    stacking, alignment): frozen once the programme version is published."""

    _name = "mc.programme.content.mixin"
    _description = "Part of a programme's content"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.programme_id._check_content_editable()
        return records

    def write(self, vals):
        self.programme_id._check_content_editable()
        res = super().write(vals)
        if "programme_id" in vals:
            self.programme_id._check_content_editable()
        return res

    def unlink(self):
        self.programme_id._check_content_editable()
        return super().unlink()
