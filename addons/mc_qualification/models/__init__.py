# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import ir_actions_report
from . import mc_award_report
from . import mc_document_job
