# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_access,
    test_award,
    test_award_access,
    test_award_bulk,
    test_award_concurrency,
    test_award_performance,
    test_award_tour,
    test_classification,
    test_demo,
    test_enrolment,
    test_performance,
    test_programme_workflow,
    test_security_groups,
    test_tour,
)
