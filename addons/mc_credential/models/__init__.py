# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# The mixins first, in inheritance order: the signed credential extends the
# signed document; awards, award lines, status lists and CPD records use them.
from . import mc_signed_document

# isort: split
from . import mc_key_protection_mixin, mc_signed_credential

# isort: split
from . import (
    ir_http,
    mc_award_check_messages,
    mc_award_credential,
    mc_award_delivery,
    mc_award_line_credential,
    mc_award_public,
    mc_award_public_page,
    mc_award_signing,
    mc_award_verification,
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
