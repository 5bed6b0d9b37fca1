# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_access,
    test_classification,
    test_demo,
    test_performance,
    test_programme_workflow,
    test_security_groups,
    test_tour,
)
