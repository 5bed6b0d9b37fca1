# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    mc_award,
    mc_enrolment,
    mc_programme_stacking,
    mc_recognition,
    mc_recognition_edc,
    mc_result,
    mc_trusted_issuer,
)
