# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McEdition(models.Model):
    _inherit = "mc.edition"

    funding_agreement_ids = fields.One2many("mc.funding.agreement", "edition_id")
