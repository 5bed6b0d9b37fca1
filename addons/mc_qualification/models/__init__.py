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
)
