# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Plain helpers of the addon: one per concept (tokens, QR codes, date ranges, row
locks, document modes in `common`; the EMREX ELMO format in `elmo`)."""

from . import elmo
from .common import (
    DEFAULT_DOCUMENT_MODE,
    DOCUMENT_MODES,
    DOCUMENT_REPORTS,
    check_date_range,
    lock_rows,
    new_token,
    qr_code_data_uri,
    qr_code_png,
)

__all__ = [
    "DEFAULT_DOCUMENT_MODE",
    "DOCUMENT_MODES",
    "DOCUMENT_REPORTS",
    "check_date_range",
    "elmo",
    "lock_rows",
    "new_token",
    "qr_code_data_uri",
    "qr_code_png",
]
