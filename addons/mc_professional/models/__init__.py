# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    ir_actions_report,
    mc_accreditation,
    mc_award,
    mc_cpd_record,
    mc_edition,
    mc_enrolment,
    mc_funded_place,
    mc_funder,
    mc_funding_agreement,
    mc_professional_body,
    mc_programme,
    res_partner,
)
