# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_access,
    test_accreditation,
    test_body_credential,
    test_cpd,
    test_expiry,
    test_finance,
    test_funding,
    test_learning_account,
    test_portal,
    test_reports,
    test_security_groups,
)
