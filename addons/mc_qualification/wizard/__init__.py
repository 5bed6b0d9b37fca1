# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import (
    mc_award_print,
    mc_award_revoke,
    mc_elmo_import,
    mc_elmo_import_line,
    mc_registry_overview,
)
