# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
import json

from odoo import http
from odoo.http import request

from odoo.addons.mc_credential.controllers.public_http import PUBLIC_PATH_PREFIXES

from ..models.mc_ila_scheme import PUBLIC_PROGRAMME_FIELDS

# The scheme lists answer 503, never 404, when the database is out.
PUBLIC_PATH_PREFIXES.add("/mc/ila/")


class IlaSchemeRegistry(http.Controller):
    """Read-only public list of the programmes each individual learning account
    scheme may pay, for a national learning-account registry to harvest."""

    @http.route(
        "/mc/ila/<string:code>/programmes.<any(json,csv):fmt>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def ila_programmes(self, code, fmt):
        rows = request.env["mc.ila.scheme"]._public_programmes(code)
        if rows is None:
            raise request.not_found()
        headers = [("Cache-Control", "public, max-age=300")]
        if fmt == "json":
            body = json.dumps({"scheme": code, "programmes": rows}, indent=1)
            return request.make_response(
                body, headers=[*headers, ("Content-Type", "application/json")]
            )
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=PUBLIC_PROGRAMME_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        return request.make_response(
            out.getvalue(),
            headers=[
                *headers,
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", f'inline; filename="{code}-programmes.csv"'),
            ],
        )
