# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_credential_crosswalk,
    test_credential_issue,
    test_interop_dump,
    test_portal_awards,
    test_public_http,
    test_public_surface,
    test_signed_credential,
    test_signing_key,
    test_verify_http,
)
