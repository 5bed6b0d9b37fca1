# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Small shared helpers of the micro-credential addons: one helper per concept.

- :func:`new_token`: the unguessable token of a public link;
- :func:`qr_code_png` / :func:`qr_code_data_uri`: the QR code printed on documents;
- :func:`check_date_range`: "the end is not before the start" of any record;
- :func:`lock_rows`: the row lock taken before a record is awarded or allocated;
- :data:`DOCUMENT_MODES`: the language modes a document is printed in.
"""

import base64
import io
import secrets

import qrcode
from psycopg2.errors import LockNotAvailable
from qrcode.image.pure import PyPNGImage

from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# The language modes of a printed document (context key ``mc_document_mode``), used
# by the print wizard, the printing job and the report itself.
DOCUMENT_MODES = [
    ("institution", "Institutions' languages"),
    ("learner", "Learner's language"),
    ("bilingual", "Bilingual, side by side"),
]
DEFAULT_DOCUMENT_MODE = "institution"
# The printed documents of an award and their report actions.
DOCUMENT_REPORTS = {
    "certificate": "mc_qualification.action_report_mc_certificate",
    "supplement": "mc_qualification.action_report_mc_supplement",
}


def new_token():
    """An unguessable token for a public link (192 bits), never a database id."""
    return secrets.token_urlsafe(24)


def qr_code_png(data):
    """PNG bytes of a QR code holding ``data`` (a public URL, no personal data).

    Error correction M (15 % damage) survives a folded or stamped paper.
    """
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
        border=4,
        image_factory=PyPNGImage,
    )
    code.add_data(data or "")
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


def qr_code_data_uri(data):
    """The QR code of ``data`` as a ``data:`` URI embeddable in a QWeb report, or
    False when there is nothing to encode."""
    if not data:
        return False
    return "data:image/png;base64," + base64.b64encode(qr_code_png(data)).decode()


def check_date_range(records, start, end):
    """Raise a ValidationError when a record of ``records`` ends before it starts.

    :param start: name of the start date field; ``end``: of the end date field.
    An empty date means an open range and always passes.
    """
    env = records.env
    for record in records:
        if record[start] and record[end] and record[end] < record[start]:
            raise ValidationError(
                env._(
                    "%(end)s (%(end_date)s) cannot be before %(start)s "
                    "(%(start_date)s) on %(record)s.",
                    end=records._fields[end]._description_string(env),
                    end_date=record[end],
                    start=records._fields[start]._description_string(env),
                    start_date=record[start],
                    record=record.display_name,
                )
            )


def lock_rows(records, message):
    """Lock the rows of ``records`` until the end of the transaction, or raise
    ``message`` as a UserError at once when another transaction holds them.

    NOWAIT rather than waiting: under Odoo's REPEATABLE READ a transaction that
    waited for a row and finds it changed fails anyway (serialization failure), so
    waiting only keeps a worker busy behind a long transaction (a bulk issuing
    batch) before the same refusal. The user gets a clear message at once; a bulk
    job marks the one record failed and goes on.
    """
    if not records:
        return
    cr = records.env.cr
    try:
        with cr.savepoint(flush=False):
            cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    list(records.ids),
                ),
                log_exceptions=False,
            )
    except LockNotAvailable as error:
        raise UserError(message) from error
