# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCHEME_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# What the public list of eligible programmes publishes, and nothing else.
PUBLIC_PROGRAMME_FIELDS = (
    "code",
    "title",
    "eqf_level",
    "ects",
    "hours",
    "partnership",
)


class McIlaScheme(models.Model):
    """A scheme of individual learning accounts (a national or sector scheme):
    who provides the accounts and which programmes they may pay for."""

    _name = "mc.ila.scheme"
    _description = "Individual learning account scheme"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code used in the public list of eligible programmes "
        "(letters, digits, - and _).",
    )
    active = fields.Boolean(default=True)
    funder_id = fields.Many2one(
        "mc.funder",
        string="Provider",
        required=True,
        ondelete="restrict",
        domain=[("funder_type", "=", "ila_provider")],
        help="The provider of the accounts, invoiced for what they pay.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    programme_ids = fields.Many2many(
        "mc.programme",
        string="Eligible programmes",
        help="The programme versions a learning account of this scheme may pay.",
    )
    account_ids = fields.One2many("mc.learning.account", "scheme_id")

    _sql_constraints = (
        ("code_uniq", "unique(code)", "The code of a scheme must be unique."),
    )

    @api.constrains("code")
    def _check_code(self):
        for scheme in self:
            if not SCHEME_CODE.match(scheme.code or ""):
                raise ValidationError(
                    self.env._(
                        "Scheme code %(code)s may only hold letters, digits, - and "
                        "_ (at most 32).",
                        code=scheme.code,
                    )
                )

    @api.model
    def _public_programmes(self, code):
        """The published eligible programmes of the active scheme ``code`` as plain
        values (only PUBLIC_PROGRAMME_FIELDS), or None when there is no such
        scheme."""
        if not SCHEME_CODE.match(code or ""):
            return None
        scheme = self.sudo().search([("code", "=", code)], limit=1)
        if not scheme:
            return None
        programmes = scheme.programme_ids.filtered(lambda p: p.state == "published")
        return [
            {
                "code": programme.code,
                "title": programme.name,
                "eqf_level": programme.eqf_level or None,
                "ects": programme.ects,
                "hours": programme.hours or None,
                "partnership": programme.partnership_id.name,
            }
            for programme in programmes.sorted("code")
        ]
