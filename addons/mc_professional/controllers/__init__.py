# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import ila, mc_cpd_ledger, portal
