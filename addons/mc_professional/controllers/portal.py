# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import (
    CustomerPortal,
    pager as portal_pager,
)

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024


class ProfessionalBodyPortal(CustomerPortal):
    """Portal of a professional body: its accreditations, the programmes it
    accredits, the CPD credits granted under them, and its decisions."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "accreditation_count" in counters:
            Accreditation = request.env["mc.accreditation"]
            values["accreditation_count"] = (
                Accreditation.search_count([])
                if Accreditation.has_access("read")
                else 0
            )
        return values

    def _get_accreditation(self, accreditation_id):
        """The accreditation, read with the user's own rights: another body's
        accreditation is simply not found (404, nothing leaks)."""
        Accreditation = request.env["mc.accreditation"]
        if not Accreditation.has_access("read"):
            return Accreditation
        return Accreditation.search([("id", "=", accreditation_id)])

    @http.route(
        ["/my/accreditations", "/my/accreditations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_accreditations(self, page=1, sortby=None, filterby=None, **kw):
        Accreditation = request.env["mc.accreditation"]
        if not Accreditation.has_access("read"):
            return request.redirect("/my")
        searchbar_sortings = {
            "date": {"label": request.env._("Newest"), "order": "create_date desc"},
            "programme": {"label": request.env._("Programme"), "order": "programme_id"},
            "validity": {"label": request.env._("Valid until"), "order": "date_to"},
        }
        searchbar_filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("Awaiting decision"),
                "domain": [("state", "in", ("requested", "under_review"))],
            },
            "accredited": {
                "label": request.env._("Accredited"),
                "domain": [("state", "=", "accredited")],
            },
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        domain = searchbar_filters[filterby]["domain"]
        count = Accreditation.search_count(domain)
        pager = portal_pager(
            url="/my/accreditations",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        accreditations = Accreditation.search(
            domain,
            order=searchbar_sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "accreditations": accreditations,
                "page_name": "accreditation",
                "default_url": "/my/accreditations",
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
            }
        )
        return request.render("mc_professional.portal_my_accreditations", values)

    @http.route(
        "/my/accreditations/<int:accreditation_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_accreditation(self, accreditation_id, **kw):
        accreditation = self._get_accreditation(accreditation_id)
        if not accreditation:
            raise request.not_found()
        return self._render_accreditation(accreditation)

    def _render_accreditation(self, accreditation, error=None, posted=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "accreditation": accreditation,
                "page_name": "accreditation",
                "error": error,
                "posted": posted or {},
                "today": fields.Date.context_today(accreditation),
            }
        )
        return request.render("mc_professional.portal_my_accreditation", values)

    @http.route(
        "/my/accreditations/<int:accreditation_id>/decision",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_accreditation_decision(self, accreditation_id, **post):
        accreditation = self._get_accreditation(accreditation_id)
        if not accreditation:
            raise request.not_found()
        upload = request.httprequest.files.get("document")
        try:
            values = self._parse_decision(post)
            document = None
            if upload and upload.filename:
                content = upload.read(MAX_DOCUMENT_SIZE + 1)
                if len(content) > MAX_DOCUMENT_SIZE:
                    raise UserError(
                        request.env._("The supporting document is larger than 10 MB.")
                    )
                document = (upload.filename, content)
            # Nothing is saved when the decision is refused by a check.
            with request.env.cr.savepoint():
                accreditation._portal_record_decision(
                    post.get("decision"), values, document=document
                )
        except AccessError:
            raise request.not_found() from None
        except (UserError, ValidationError) as error:
            request.env.invalidate_all()
            return self._render_accreditation(
                accreditation, error=error.args[0], posted=post
            )
        return request.redirect(f"/my/accreditations/{accreditation.id}?decided=1")

    def _parse_decision(self, post):
        values = {}
        for name in ("reference", "conditions"):
            if post.get(name):
                values[name] = post[name].strip()
        for name in ("decision_date", "date_from", "date_to"):
            if post.get(name):
                try:
                    values[name] = fields.Date.to_date(post[name])
                except ValueError:
                    raise UserError(
                        request.env._("%(value)s is not a date.", value=post[name])
                    ) from None
        if post.get("cpd_credits"):
            try:
                values["cpd_credits"] = float(post["cpd_credits"])
            except ValueError:
                raise UserError(
                    request.env._(
                        "CPD value: %(value)s is not a number.",
                        value=post["cpd_credits"],
                    )
                ) from None
        return values
