# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import AccessError, UserError

# The context key of a create that writes key material, set by
# _mc_create_protected only. Its value is this very object, which no request can
# send (a request's context holds JSON values only).
_KEY_WRITER_KEY = "mc_key_writer"
_KEY_WRITER = object()


def private_key_field(field_class, **kwargs):
    """The field holding a model's private key material: readable and writable
    by the system group only (``groups``), never copied, never offered in
    exports, shown by no view. Declare it with this function and name it in
    ``_mc_private_key_field`` of a model inheriting ``mc.key.protection.mixin``.
    """
    return field_class(
        string="Private key",
        readonly=True,
        copy=False,
        groups="base.group_system",
        exportable=False,
        **kwargs,
    )


class McKeyProtectionMixin(models.AbstractModel):
    """Records holding a private key: an institution's Ed25519 signing key,
    its electronic seal certificate.

    The private key is written once, when the record is created by the code
    that generates or loads it (``_mc_create_protected``), read only by the
    code that signs with it (``_mc_private_key_text``), never exported (even by
    an administrator) and never returned by a route. The record itself never
    changes but for its life-cycle fields (``_mc_mutable_fields``) and is never
    deleted: what it signed must keep verifying.
    """

    _name = "mc.key.protection.mixin"
    _description = "Record holding a protected private key"

    # The name of the field declared with ``private_key_field``.
    _mc_private_key_field = None
    # The only fields that may change once the record exists.
    _mc_mutable_fields = ()

    @api.model
    def _mc_create_protected(self, vals_list):
        """Create records carrying private key material, for the code that
        generates or loads a key (never with the values of a request): the
        caller's right to create records is checked, then the key field, which
        only the system group may write, is written as superuser."""
        return self._mc_key_writer().create(vals_list).with_env(self.env)

    def _mc_key_writer(self):
        """``self`` in the environment whose create() writes key material (for
        a model whose own create() generates it, to call ``super()`` with)."""
        return self.with_context(**{_KEY_WRITER_KEY: _KEY_WRITER})

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get(_KEY_WRITER_KEY) is not _KEY_WRITER:
            return super().create(vals_list)
        self.check_access("create")
        # sudo: the private key field is writable by the system group only; the
        # caller's right to create was checked above, and only the code that
        # generates or loads the key gets here (_mc_create_protected).
        writer = self.sudo().with_context(**{_KEY_WRITER_KEY: None})
        return super(McKeyProtectionMixin, writer).create(vals_list)

    def _mc_private_key_text(self):
        """The private key material of one record, for the signing code only:
        never returned to a client."""
        self.ensure_one()
        # sudo: the field is readable by the system group only; callers sign
        # with the key in the same transaction and never show it.
        return self.sudo()[self._mc_private_key_field]

    def write(self, vals):
        if set(vals) - set(self._mc_mutable_fields):
            raise UserError(self._mc_key_messages()["write"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_key_holder(self):
        raise UserError(self._mc_key_messages()["unlink"])

    def _mc_key_messages(self):
        """``{"write": message, "unlink": message}``: why the record cannot be
        changed or deleted, and what to do instead, in the model's words."""
        raise NotImplementedError

    def export_data(self, fields_to_export):
        if any(
            path.split("/")[0] == self._mc_private_key_field
            for path in fields_to_export
        ):
            raise AccessError(self.env._("Private keys cannot be exported."))
        return super().export_data(fields_to_export)
