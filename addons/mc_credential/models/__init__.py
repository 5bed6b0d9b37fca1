# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# The mixins first: the models holding a private key inherit it.
from . import mc_key_protection_mixin

# isort: split
from . import (
    ir_http,
    mc_award_check_messages,
    mc_award_credential,
    mc_award_line_credential,
    mc_partnership_issuer,
    mc_signing_key,
    mc_status_list,
    mc_status_list_entry,
    res_partner_credentials,
    res_partner_partnership_issuer,
)
