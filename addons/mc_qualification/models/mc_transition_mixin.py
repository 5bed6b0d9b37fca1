# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# The context key of a state transition in progress. Set by _write_transition only.
TRANSITION_KEY = "mc_award_transition"


class McTransitionMixin(models.AbstractModel):
    """Records whose protected fields change only through their state transitions.

    ``write()`` of an inheriting model refuses changes to protected fields unless
    ``_is_transition()``; the state transition methods change them with
    ``_write_transition(vals)``, the one way past the guard.
    """

    _name = "mc.transition.mixin"
    _description = "Fields changed by state transitions only"

    def _write_transition(self, vals):
        """Write protected fields as part of a state transition."""
        return self.with_context(**{TRANSITION_KEY: True}).write(vals)

    def _is_transition(self):
        return bool(self.env.context.get(TRANSITION_KEY))
