# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""HTTP behaviour shared by the public, login-free credential routes.

* ``document_response``: a public JSON document (status list, DID document,
  catalogue document) with a strong ``ETag``, ``Cache-Control: public, max-age``
  and a ``304 Not Modified`` answer to a matching ``If-None-Match``; a reverse
  proxy or CDN can then absorb most checks (docs/SCALING.md).
* ``on_primary``: run a lookup again on the primary database when the request
  reads from a streaming replica (``readonly=True`` routes and
  ``db_replica_host``), for a record the replica has not replayed yet.
* ``unavailable_response`` and the ``Request._open_registry`` wrapper: when the
  database cannot be reached, Odoo would serve the public routes without a
  database, that is a 404 page, which tells an employer that a valid credential
  does not exist. The paths registered with ``PUBLIC_PATH_PREFIXES`` answer
  ``503 Service Unavailable`` with ``Retry-After`` and a translated page instead.
  Odoo offers no hook before it opens the registry (it needs the primary for
  that, even for read-only routes), hence the wrapper of that one method.
"""

import hashlib
import logging
import string
from pathlib import Path

import werkzeug.exceptions
from markupsafe import escape

import odoo
from odoo import http
from odoo.http import request
from odoo.modules.module import get_module_path
from odoo.tools.translate import LazyTranslate

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

MODULE = __name__.split(".")[2]
PRIVACY_HEADERS = [
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
]
# Paths whose answer, when the database is unreachable, is 503 rather than 404.
# Other addons add theirs (e.g. a catalogue): PUBLIC_PATH_PREFIXES.add("/mc/...").
PUBLIC_PATH_PREFIXES = {"/mc/verify", "/mc/status/", "/mc/issuers/"}
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_TITLE = _lt("Verification temporarily unavailable")
UNAVAILABLE_MESSAGE = _lt(
    "The credential check is temporarily unavailable. This does not mean that "
    "the credential is not valid: please try again in a few minutes."
)
_PAGE = string.Template(
    (Path(__file__).parent / "unavailable.html").read_text(encoding="utf-8")
)


# ------------------------------------------------------------------------
# cacheable public documents


def document_etag(text):
    """The strong entity tag of a document's exact bytes."""
    return hashlib.sha256(text.encode()).hexdigest()


def document_response(text, max_age, etag=None, filename=None):
    """A public JSON document, cacheable for ``max_age`` seconds (``no-store``
    when 0); with ``etag`` (default: the hash of ``text``), ``304`` to a
    request whose ``If-None-Match`` names the current version. ``text`` may be
    a callable, called only when the document is sent (then pass ``etag``)."""
    headers = [
        ("Cache-Control", f"public, max-age={max_age}" if max_age else "no-store"),
        ("Access-Control-Allow-Origin", "*"),
        *PRIVACY_HEADERS,
    ]
    if max_age:
        etag = etag or document_etag(text)
        headers.append(("ETag", f'"{etag}"'))
        # If-None-Match uses the weak comparison (RFC 9110, 13.1.2); "*" matches
        if request.httprequest.if_none_match.contains_weak(etag):
            return request.make_response(b"", status=304, headers=headers)
    if callable(text):
        text = text()
    headers.append(("Content-Type", "application/json; charset=utf-8"))
    if filename:
        headers.append(("Content-Disposition", f'attachment; filename="{filename}"'))
    return request.make_response(text, headers=headers)


# ------------------------------------------------------------------------
# replica lag


def on_primary(lookup):
    """``lookup(env)`` run on the primary database when this request reads from
    a replica (a read-only cursor of ``db_replica_host``), else ``None``.

    ``lookup`` must return plain values (dicts, strings), never records: its
    cursor is closed when it returns."""
    cr = request.env.cr
    # Test cursors simulate a read-only transaction on the primary itself: only
    # a real replica connection can lag behind.
    if not (isinstance(cr, odoo.sql_db.Cursor) and cr.readonly):
        return None
    with request.env.registry.cursor(readonly=False) as primary_cr:
        return lookup(request.env(cr=primary_cr))


# ------------------------------------------------------------------------
# database unreachable


def _unavailable_lang(httprequest):
    """The first language asked for (``?lang=``, then Accept-Language) that the
    module has a translation file for, else English."""
    i18n = Path(get_module_path(MODULE) or ".") / "i18n"
    available = {path.stem for path in i18n.glob("*.po")}
    wanted = [httprequest.args.get("lang") or ""]
    wanted += [value for value, _quality in httprequest.accept_languages]
    for code in wanted:
        code = str(code).replace("-", "_")
        if code.split("_")[0] in available:
            return code
    return "en_US"


def unavailable_response(httprequest):
    """``503`` with ``Retry-After`` and a page that says the check is
    temporarily unavailable, in the visitor's language; no database needed."""
    lang = _unavailable_lang(httprequest)
    html = _PAGE.substitute(
        lang=escape(lang.replace("_", "-")),
        title=escape(UNAVAILABLE_TITLE._translate(lang)),
        message=escape(UNAVAILABLE_MESSAGE._translate(lang)),
    )
    return werkzeug.Response(
        html,
        status=503,
        headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Retry-After", str(RETRY_AFTER_SECONDS)),
            ("Cache-Control", "no-store"),
            *PRIVACY_HEADERS,
        ],
    )


def is_public_path(path):
    return any(path.startswith(prefix) for prefix in PUBLIC_PATH_PREFIXES)


def _open_registry(self):
    try:
        return _open_registry.origin(self)
    except http.RegistryError as exc:
        path = self.httprequest.path
        if not is_public_path(path):
            raise
        _logger.info("Database unreachable (%s): %s answered 503", exc.__cause__, path)
        # as the routes themselves (save_session=False): no session, no cookie
        self.session.can_save = False
        # a response raised this way is served as is (odoo.http.Application)
        werkzeug.exceptions.abort(unavailable_response(self.httprequest))


if not hasattr(http.Request._open_registry, "origin"):
    _open_registry.origin = http.Request._open_registry
    http.Request._open_registry = _open_registry
