# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    test_edc_crosswalk,
    test_edc_http,
    test_edc_issue,
    test_elm_catalogue,
    test_i18n,
)
