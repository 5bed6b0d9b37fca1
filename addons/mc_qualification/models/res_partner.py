# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ResPartner(models.Model):
    """A higher-education institution taking part in partnerships."""

    _inherit = "res.partner"

    is_institution = fields.Boolean(
        string="Higher-education institution",
        help="A university or college that can take part in a partnership and award "
        "qualifications.",
    )
    erasmus_code = fields.Char(help="Erasmus institutional code, e.g. B LEUVEN01.")
    pic_code = fields.Char(
        string="PIC", help="Participant Identification Code (EU funding portal)."
    )
    ror_id = fields.Char(
        string="ROR ID", help="Research Organization Registry identifier."
    )
    nqf_name = fields.Char(
        string="National qualification framework",
        help="Name of the national qualification framework the institution's "
        "awards are placed in.",
    )
    he_system_description = fields.Html(
        string="National higher-education system",
        translate=True,
        help="Section 8 of the Diploma Supplement for the institution's country.",
    )
    document_lang_ids = fields.Many2many(
        "res.lang",
        "res_partner_document_lang_rel",
        "partner_id",
        "lang_id",
        string="Document languages",
        context={"active_test": False},
        help="Languages the institution's documents must be issued in.",
    )
    signatory_ids = fields.One2many(
        "mc.signatory", "institution_id", string="Signatories"
    )
    signatory_count = fields.Integer(compute="_compute_signatory_count")

    @api.depends("signatory_ids")
    def _compute_signatory_count(self):
        for partner in self:
            partner.signatory_count = len(partner.signatory_ids)
