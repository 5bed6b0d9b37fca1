# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import test_security_groups
from . import test_enrolment
from . import test_award
from . import test_award_bulk
from . import test_award_access
from . import test_award_performance
from . import test_award_concurrency
from . import test_award_tour
