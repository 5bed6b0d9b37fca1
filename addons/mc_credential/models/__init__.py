# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    ir_http,
    mc_award_check_messages,
    mc_award_credential,
    mc_award_line_credential,
    mc_award_public_page,
    mc_partnership_issuer,
    mc_signing_key,
    mc_status_list,
    mc_status_list_entry,
    res_partner_credentials,
    res_partner_partnership_issuer,
)

# isort: split
# Extends methods of the files above (the credential payload): imported last.
from . import mc_award_credential_crosswalk
