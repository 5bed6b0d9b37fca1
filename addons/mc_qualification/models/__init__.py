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
from . import (
    res_partner_learner,
    mc_student_identifier,
    mc_edition,
    mc_enrolment,
    mc_grade_conversion,
    mc_grade_conversion_line,
    mc_result,
    mc_award,
    mc_award_line,
)
from . import ir_actions_report
from . import mc_award_report
from . import mc_document_job
