# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    classification,
    mc_mobility_window,
    mc_partnership,
    mc_partnership_member,
    mc_programme,
    mc_programme_unit,
    mc_qualification_type,
    mc_signatory,
    res_partner,
    res_partner_credentials,
    mc_signing_key,
    mc_status_list,
    mc_status_list_entry,
    mc_award_credential,
    mc_award_line_credential,
)
