# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import mc_edc, portal
