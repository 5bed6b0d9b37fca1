# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import res_partner_learner
from . import mc_student_identifier
from . import mc_edition
from . import mc_enrolment
from . import mc_grade_conversion
from . import mc_grade_conversion_line
from . import mc_result
from . import mc_award
from . import mc_award_line
