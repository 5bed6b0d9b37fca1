# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ImportBatchHasBadRows(Exception):
    """A batch of Odoo's import holds at least one bad row.

    Deliberately not a UserError: Odoo's ``load()`` then retries the batch row
    by row and reports each bad row with its own message and line, instead of
    pinning the first error on the batch's first row (which may be good)."""


class McImportMixin(models.AbstractModel):
    """Rows imported by business keys (student number, institution, codes).

    A model lists its import-only columns in ``_mc_import_keys`` (non-stored
    fields computed empty, with a no-op inverse so that the import offers
    them) and resolves them in ``_mc_resolve_import_rows``; its ``create``
    hands over to ``_mc_create_with_import_keys``."""

    _name = "mc.import.mixin"
    _description = "Import by Business Keys"

    _mc_import_keys = ()

    import_student_number = fields.Char(
        string="Student Number",
        compute="_compute_import_keys",
        inverse="_inverse_import_keys",
        help="Import only: the learner's student number at the institution.",
    )
    import_institution = fields.Char(
        string="Institution Code",
        compute="_compute_import_keys",
        inverse="_inverse_import_keys",
        help="Import only: the Erasmus code (or the name) of the institution "
        "of the student number (for results, the assessing institution, whose "
        "scale the grade is in).",
    )

    def _compute_import_keys(self):
        """Import-only columns: nothing to show on a saved record."""
        for fname in self._mc_import_keys:
            self[fname] = False

    def _inverse_import_keys(self):
        """Resolved when the rows are created; writing a key later changes
        nothing."""

    @api.model
    def _mc_import_rows(self, vals_list):
        """The import keys of each row, stripped: ``[{key: text}]``."""
        return [
            {key: (vals.get(key) or "").strip() for key in self._mc_import_keys}
            for vals in vals_list
        ]

    @api.model
    def _mc_resolve_import_rows(self, vals_list):
        """Return ``vals_list`` with the import keys replaced by the record
        values they stand for; raise a UserError naming the problem of the
        first bad row."""
        raise NotImplementedError

    @api.model
    def _mc_create_with_import_keys(self, vals_list, create):
        """``create(vals_list)`` once the import keys are resolved."""
        keys = self._mc_import_keys
        if not any(key in vals for vals in vals_list for key in keys):
            return create(vals_list)
        try:
            return create(self._mc_resolve_import_rows(vals_list))
        except UserError:
            if self.env.context.get("import_file") and len(vals_list) > 1:
                raise ImportBatchHasBadRows() from None
            raise
