# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common_credentials import CredentialsFixture
from .interop import dump_case, dump_documents, interop_dir


@tagged("post_install", "-at_install")
class TestInteropDump(CredentialsFixture, TransactionCase):
    """Freshly issued credentials of every kind of award, handed to the Node
    interop tests (tests/interop) by ``scripts/test.sh``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credentials()

    def test_dump_awards(self):
        folder = interop_dir()
        if folder is None:
            self.skipTest("MC_INTEROP_DIR is not set: no interop run asked for it")
        joint = self._issue(self._learner("Ada Lovelace", email="ada@example.org"))
        multiple = self._issue(self._learner("Grace Hopper"), mode="multiple")
        revoked = self._issue(self._learner("Alan Turing"))
        revoked.with_user(self.manager)._revoke("Plagiarism found after issue")
        dids = [inst._mc_did() for inst in self.institutions]
        dump_case(folder, "joint-award", "joint award", joint.credential_json, dids)
        for line in multiple.line_ids:
            dump_case(
                folder,
                f"multiple-award-{line.institution_id.mc_issuer_slug}",
                "line of a multiple award",
                line.credential_json,
                [line.institution_id._mc_did()],
            )
        dump_case(
            folder,
            "joint-award-revoked",
            "joint award, revoked",
            revoked.credential_json,
            dids,
            revoked=True,
        )
        dump_documents(folder, self.env)
        self.assertTrue(list((folder / "cases").glob("*.json")))
