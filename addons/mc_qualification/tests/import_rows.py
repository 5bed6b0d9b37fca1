# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Files for Odoo's standard import (base_import) and the import dialog's way of
running them: shared by the import tests (test_import.py) and the bench's import
of 10,000 result rows (scripts/bench/fixtures.py)."""

import csv
import io

OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "float_decimal_separator": ".",
    "float_thousand_separator": ",",
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}
RESULT_COLUMNS = (
    "Student Number",
    "Institution Code",
    "Unit Code",
    "Grade",
    "Assessment Date",
    "ECTS Earned",
    "Supervision and Identity Verification",
)


def results_csv(rows):
    """The results file of the import template: its header line, then one line
    per row (values in RESULT_COLUMNS order, the missing last ones empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_COLUMNS)
    writer.writerows(
        tuple(row) + ("",) * (len(RESULT_COLUMNS) - len(row)) for row in rows
    )
    return out.getvalue()


def preview(wizard):
    """The dialog's preview of the file and the field matched to each column
    (False for a column without a match)."""
    result = wizard.parse_preview(dict(OPTIONS))
    matches = result.get("matches") or {}
    fields = [
        "/".join(matches[index]) if index in matches else False
        for index in range(len(result.get("headers") or []))
    ]
    return result, fields


def execute(wizard, headers, fields, dryrun=False, batch=None):
    """Run the import (or its test run) `batch` rows at a time, as the dialog
    does (its progress bar advances per batch); (ids, error messages)."""
    ids, errors, skip = [], [], 0
    while True:
        options = dict(OPTIONS, skip=skip, limit=batch) if batch else dict(OPTIONS)
        result = wizard.execute_import(fields, headers, options, dryrun)
        errors += [m for m in result["messages"] if m["type"] == "error"]
        ids += result["ids"] or []
        skip = result.get("nextrow")
        if not batch or not skip:
            return ids, errors
