# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _serve_fallback(cls):
        """A path no route matches is looked up as an attachment URL; PostgreSQL
        refuses a NUL character in a string literal, so such a path (``%00``, a
        hostile probe of a public route) is simply not found instead of a
        server error."""
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
