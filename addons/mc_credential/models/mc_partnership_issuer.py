# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class McPartnership(models.Model):
    """The partnership as the issuer of its joint awards.

    A joint programme is co-owned by the consortium: its joint award is issued
    by the partnership, and each member signs it with its own key, published in
    the partnership's did:web document under the partnership's identifier (so
    that standard verifiers accept every proof, whose controller must be the
    issuer). See docs/CREDENTIALS.md.
    """

    _inherit = "mc.partnership"

    mc_issuer_id = fields.Many2one(
        "res.partner",
        string="Issuer identity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Contact that carries the partnership's issuer identifier (did:web) "
        "and its status lists; created with the first joint award.",
    )

    def _mc_issuer(self):
        """The partnership's issuer identity, created on first use."""
        self.ensure_one()
        if not self.mc_issuer_id:
            # sudo: the identity is created with the first joint award, by
            # whoever may issue it (checked by the caller).
            issuer = (
                self.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": self.name,
                        "is_company": True,
                        "mc_issuer_partnership_id": self.id,
                    }
                )
            )
            self.sudo().mc_issuer_id = issuer
            issuer._mc_ensure_issuer_slug()
        return self.mc_issuer_id
