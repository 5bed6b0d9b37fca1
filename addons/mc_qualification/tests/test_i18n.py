# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import polib

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslationTemplates(TransactionCase):
    """The committed .pot of each addon is current with its code (`make i18n`)."""

    def _assert_pot_current(self, addon):
        # Demo records (their xml ids end in "_demo", the house convention) are not
        # part of the translation template, which `make i18n` exports without demo.
        terms = {
            source
            for _module, _type, _name, res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=[addon])
            )
            if not str(res_id).endswith("_demo")
        }
        pot = polib.pofile(f"{get_module_path(addon)}/i18n/{addon}.pot")
        committed = {entry.msgid for entry in pot}
        self.assertFalse(
            sorted(terms - committed)[:10],
            f"terms of {addon} missing from its .pot: run `make i18n`",
        )
        self.assertFalse(
            sorted(committed - terms)[:10],
            f"{addon}.pot holds terms the code no longer has: run `make i18n`",
        )

    def test_pot_is_current(self):
        addons = ("mc_qualification", "mc_credential", "mc_professional", "mc_stacking")
        for addon in addons:
            if self.env["ir.module.module"]._get(addon).state == "installed":
                with self.subTest(addon=addon):
                    self._assert_pot_current(addon)
