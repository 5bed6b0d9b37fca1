# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credentials moved from mc_qualification to the new mc_credential addon.

Before mc_qualification 18.0.1.1.0 loads, the records of the moved code (models,
fields, views, templates, actions, menus, crons, the mail template, access
rules, constraints) change owner to mc_credential, and mc_credential is marked
to install in the same run. Nothing is deleted: the tables and columns stay,
mc_credential finds its records under its own name, so every issued
credential, key, status list and entry survives the upgrade and still verifies.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

NEW = "mc_credential"
MOVED_MODELS = ("mc.signing.key", "mc.status.list", "mc.status.list.entry")
# Fields the credential code adds to models that stay in mc_qualification.
MOVED_FIELDS = {
    "mc.award": (
        "credential_uuid",
        "credential_json",
        "credential_hash",
        "credential_date",
        "credential_valid_until",
        "credential_check_state",
        "credential_check_date",
        "credential_checks",
        "status_entry_ids",
        "credential_delivery",
        "public_show_grade",
    ),
    "mc.award.line": ("credential_uuid", "credential_json", "credential_hash"),
    "res.partner": (
        "mc_signing_key_ids",
        "mc_active_signing_key_id",
        "mc_issuer_slug",
        "mc_issuer_base_url",
        "mc_did",
        "mc_did_document_url",
    ),
}
# Records of the moved data files (views, templates, actions, menus, crons, mails).
MOVED_XMLIDS = (
    "mc_award_view_form_credentials",
    "mc_award_view_search_credentials",
    "mc_signing_key_view_list",
    "mc_signing_key_view_form",
    "mc_signing_key_view_search",
    "mc_signing_key_action",
    "mc_signing_key_menu",
    "mc_status_list_view_list",
    "mc_status_list_view_form",
    "mc_status_list_view_search",
    "mc_status_list_action",
    "mc_status_list_menu",
    "res_partner_view_form_mc_credentials",
    "portal_my_home_mc_award",
    "portal_my_home_menu_mc_award",
    "portal_my_awards",
    "portal_mc_award_state",
    "portal_my_award",
    "mail_template_mc_award_credential",
    "ir_cron_mc_award_send_credentials",
    "ir_cron_mc_award_send_credentials_ir_actions_server",
    "ir_cron_mc_award_check_credentials",
    "ir_cron_mc_award_check_credentials_ir_actions_server",
    "constraint_res_partner_mc_issuer_slug_uniq",
)
MOVED_PREFIXES = (
    "mc_verify_",
    "access_mc_signing_key_",
    "access_mc_status_list_",
    "constraint_mc_signing_key_",
    "constraint_mc_status_list_",
)


def _model_part(model):
    return model.replace(".", "_")


def _moved_names(cr):
    """xml ids of mc_qualification that now belong to mc_credential."""
    names = set(MOVED_XMLIDS)
    patterns = [f"{prefix}%" for prefix in MOVED_PREFIXES]
    for model in MOVED_MODELS:
        part = _model_part(model)
        names.add(f"model_{part}")
        patterns += [f"field_{part}__%", f"selection__{part}__%"]
    for model, field_names in MOVED_FIELDS.items():
        part = _model_part(model)
        for name in field_names:
            names.add(f"field_{part}__{name}")
            patterns.append(f"selection__{part}__{name}__%")
    cr.execute(
        SQL(
            "SELECT name FROM ir_model_data WHERE module = 'mc_qualification'"
            " AND (name = ANY(%s) OR name LIKE ANY(%s))",
            list(names),
            patterns,
        )
    )
    return [row[0] for row in cr.fetchall()]


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id, state FROM ir_module_module WHERE name = %s", [NEW])
    row = cr.fetchone()
    if not row:
        _logger.warning(
            "%s is not in the addons path: the credentials of this database "
            "cannot move to it; add it to the addons path and upgrade again.",
            NEW,
        )
        return
    module_id, state = row
    names = _moved_names(cr)
    # an xml id already created under mc_credential wins (a rerun of this script)
    cr.execute(
        SQL(
            "DELETE FROM ir_model_data old WHERE old.module = 'mc_qualification'"
            " AND old.name = ANY(%s) AND EXISTS (SELECT 1 FROM ir_model_data new"
            " WHERE new.module = %s AND new.name = old.name)",
            names,
            NEW,
        )
    )
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s"
            " WHERE module = 'mc_qualification' AND name = ANY(%s)",
            NEW,
            names,
        )
    )
    _logger.info("moved %s records from mc_qualification to %s", cr.rowcount, NEW)
    constraint_names = [
        name.removeprefix("constraint_")
        for name in names
        if name.startswith("constraint_")
    ]
    cr.execute(
        SQL(
            "UPDATE ir_model_constraint SET module = %s WHERE name = ANY(%s)",
            module_id,
            constraint_names,
        )
    )
    if state == "uninstalled":
        cr.execute(
            "UPDATE ir_module_module SET state = 'to install' WHERE id = %s",
            [module_id],
        )
