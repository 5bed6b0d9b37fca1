# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import test_security_groups
from . import test_classification
from . import test_enrolment
from . import test_award
from . import test_award_bulk
from . import test_award_access
from . import test_award_performance
from . import test_award_concurrency
from . import test_award_tour
from . import test_signing_key
from . import test_credential_issue
from . import test_verify_http
from . import test_portal_awards
from . import test_security_registry
from . import test_programme_workflow
from . import test_reports
from . import test_reports_job
from . import test_reports_pdf
from . import (
    test_access,
    test_award,
    test_award_access,
    test_award_bulk,
    test_award_concurrency,
    test_award_performance,
    test_award_tour,
    test_classification,
    test_credential_issue,
    test_demo,
    test_performance,
    test_enrolment,
    test_portal_awards,
    test_programme_workflow,
    test_security_groups,
    test_signing_key,
    test_tour,
    test_verify_http,
)
