# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from pathlib import Path

from mc_credentials import elm_conformance

from odoo import Command

from odoo.addons.mc_credential.tests.common_credentials import CredentialsFixture

#: The official ELM shapes and EBSI schema vendored with the credentials package.
DATA = Path(__file__).resolve().parents[3] / "credentials" / "tests" / "data"
ELM_DIR = DATA / "elm"
EDC_SCHEMA_DIR = DATA / "edc"


class EdcFixture(CredentialsFixture):
    """The credentials fixture, with countries, registration numbers, an ISCED-F
    field, learning outcomes and a TEST seal for every institution."""

    @classmethod
    def _setup_edc(cls):
        cls._setup_credentials()
        cls.programme.write(
            {
                "isced_f_code": "0613",
                "learning_outcomes": "<ul><li>Plan FAIR data</li>"
                "<li>Apply data law</li></ul>",
                "delivery_method": "blended",
                "quality_assurance": "Accredited by the national agency.",
                "instruction_lang_ids": [Command.set(cls.env.ref("base.lang_en").ids)],
            }
        )
        cls.env["mc.programme.alignment"].create(
            [
                {
                    "programme_id": cls.programme.id,
                    "institution_id": inst.id,
                    "local_name": f"Data Stewardship ({inst.name})",
                    "nqf_level": level,
                }
                for inst, level in (
                    (cls.uni_a, "DQR 6"),
                    (cls.uni_b, "RNCP 6"),
                    (cls.uni_c, "NLQF 6"),
                )
            ]
        )
        cls._setup_edc_institutions()

    @classmethod
    def _setup_edc_institutions(cls):
        """Countries, registration numbers and a TEST seal for the institutions
        of the credentials fixture (what an EDC needs of its issuers)."""
        for partner, country, registry in (
            (cls.uni_a, "base.de", "HRB 1001"),
            (cls.uni_b, "base.fr", "SIREN 1002"),
            (cls.uni_c, "base.nl", "KVK 1003"),
        ):
            partner.write(
                {"country_id": cls.env.ref(country).id, "company_registry": registry}
            )
        cls.seals = (
            cls.env["mc.seal.certificate"]
            .with_user(cls.manager)
            ._mc_generate_test(cls.institutions)
        )

    def assertConforms(self, payload, profiles):
        """Valid against the EBSI EDC JSON Schema and the ELM SHACL shapes of
        ``profiles``, with enough triples that no context was dropped."""
        self.assertEqual(elm_conformance.schema_errors(payload, EDC_SCHEMA_DIR), [])
        conforms, text, triples = elm_conformance.shacl_report(
            payload, ELM_DIR, profiles
        )
        self.assertTrue(conforms, text[:2000])
        self.assertGreater(triples, 150)
