# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# The mixins first: the models of a programme's content, the awards, the jobs and the
# import-friendly models inherit them.
from . import (
    mc_batch_job_mixin,
    mc_import_mixin,
    mc_programme_content_mixin,
    mc_transition_mixin,
)

# isort: split
from . import (
    classification,
    ir_actions_report,
    mc_award,
    mc_award_analysis,
    mc_award_issue,
    mc_award_issue_job,
    mc_award_issue_job_line,
    mc_award_line,
    mc_award_notify,
    mc_award_report,
    mc_award_status,
    mc_award_supplement,
    mc_document_job,
    mc_edition,
    mc_edition_rates,
    mc_enrolment,
    mc_enrolment_elmo,
    mc_enrolment_import,
    mc_grade_conversion,
    mc_grade_conversion_line,
    mc_mobility_window,
    mc_partnership,
    mc_partnership_member,
    mc_programme,
    mc_programme_alignment,
    mc_programme_checklist,
    mc_programme_stacking,
    mc_programme_unit,
    mc_programme_workflow,
    mc_qualification_type,
    mc_result,
    mc_result_import,
    mc_signatory,
    mc_student_identifier,
    res_partner,
    res_partner_elmo,
    res_partner_learner,
)

# isort: split
# Extensions of methods defined in the files above (the programme's workflow).
from . import mc_programme_award_mode
