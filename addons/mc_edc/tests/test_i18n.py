# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.mc_qualification.tests import test_i18n


@tagged("post_install", "-at_install")
class TestEdcTranslationTemplate(test_i18n.TestTranslationTemplates):
    """The committed mc_edc.pot is current with the code (`make i18n`)."""

    def test_pot_is_current(self):
        self._assert_pot_current("mc_edc")
