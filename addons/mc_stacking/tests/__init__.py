# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_benchmark,
    test_demo,
    test_external,
    test_external_edc,
    test_milestone,
    test_milestone_edc,
    test_portal,
    test_recognition,
)
