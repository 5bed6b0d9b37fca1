# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    mc_award_check_messages_edc,
    mc_award_edc,
    mc_award_line_edc,
    mc_programme_elm,
    mc_seal_certificate,
    res_partner_edc,
)

# isort: split
# Extends methods of the files above (the EDC payload): imported last.
from . import mc_award_edc_crosswalk
