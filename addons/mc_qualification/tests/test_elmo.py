# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import elmo
from .common import OFFICER
from .common_award import AwardCommon

SHARED_ELMO = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "..", "shared", "data", "elmo"
)


def self_signed(common_name):
    """(key PEM, certificate PEM) of a fresh RSA key and self-signed certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2020, 1, 1))
        .not_valid_after(datetime.datetime(2040, 1, 1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem.decode(), cert.public_bytes(serialization.Encoding.PEM).decode()


class ElmoCase(AwardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.learner = cls.env["res.partner"].create(
            {
                "name": "Ana Martins",
                "is_learner": True,
                "birth_date": datetime.date(2001, 4, 12),
                "nationality_id": cls.env.ref("base.pt").id,
                "student_identifier_ids": [
                    Command.create(
                        {"institution_id": cls.leuven.id, "identifier": "r001"}
                    ),
                    Command.create(
                        {"institution_id": cls.bologna.id, "identifier": "B-77"}
                    ),
                ],
            }
        )
        cls.enrolment = cls.env["mc.enrolment"].create(
            {
                "learner_id": cls.learner.id,
                "edition_id": cls.edition.id,
                "state": "enrolled",
            }
        )
        cls._pass_units(cls.enrolment, cls.programme.unit_ids)

    def _schema_from_shared(self):
        """The ELMO schema from the shared reference data (not the addon's
        copy), with a resolver for its imports: the test's own check."""
        if not os.path.isdir(SHARED_ELMO):
            return elmo.schema()
        urls = {
            url: os.path.join(SHARED_ELMO, "references", name)
            for url, name in elmo.SCHEMA_URLS.items()
        }

        class Resolver(etree.Resolver):
            def resolve(self, url, _pubid, context):
                return (
                    self.resolve_filename(urls[url], context) if url in urls else None
                )

        parser = etree.XMLParser(no_network=True)
        parser.resolvers.add(Resolver())
        return etree.XMLSchema(
            etree.parse(os.path.join(SHARED_ELMO, "schema.xsd"), parser)
        )

    def assertValidElmo(self, data):
        schema = self._schema_from_shared()
        root = etree.fromstring(data)
        self.assertTrue(schema.validate(root), schema.error_log)
        return root


@tagged("post_install", "-at_install")
class TestElmoExport(ElmoCase):
    def test_export_is_valid_and_complete(self):
        data = self.enrolment.with_user(self.officer)._mc_elmo_xml()
        self.assertIsInstance(data, bytes)
        root = self.assertValidElmo(data)
        ns = {"e": elmo.NS}
        self.assertEqual(
            sorted(root.xpath("e:learner/e:identifier/@type", namespaces=ns)),
            ["studentNumber@B LEUVEN01", "studentNumber@I BOLOGNA01"],
        )
        self.assertEqual(
            root.xpath("string(e:learner/e:bday)", namespaces=ns), "2001-04-12"
        )
        self.assertEqual(
            root.xpath("string(e:learner/e:citizenship)", namespaces=ns), "PT"
        )
        issuers = root.xpath(
            "e:report/e:issuer/e:identifier[@type='erasmus']/text()", namespaces=ns
        )
        self.assertEqual(issuers, ["B LEUVEN01", "I BOLOGNA01"])
        units = root.xpath(
            "//e:hasPart/e:learningOpportunitySpecification", namespaces=ns
        )
        values = [
            (
                unit.xpath("string(e:identifier[@type='local'])", namespaces=ns),
                unit.xpath("string(.//e:resultLabel)", namespaces=ns),
                unit.xpath("string(.//e:credit/e:value)", namespaces=ns),
                unit.xpath("string(.//e:status)", namespaces=ns),
                unit.xpath("string(.//e:date)", namespaces=ns),
            )
            for unit in units
        ]
        self.assertEqual(
            values,
            [
                ("ADS1", "16", "3", "passed", "2026-06-15"),
                ("ADS2", "27", "2", "passed", "2026-06-15"),
            ],
        )
        self.assertIsNone(elmo.signature(root), "no key: not signed")

    def test_export_signed_with_the_institution_certificate(self):
        key, cert = self_signed("KU Leuven")
        self.leuven.write({"mc_elmo_certificate": cert, "mc_elmo_private_key": key})
        data = self.enrolment._mc_elmo_xml()
        root = self.assertValidElmo(data)
        self.assertIsNotNone(elmo.signature(root))
        elmo.verify(data, cert.encode())
        tampered = data.replace(b"<resultLabel>16<", b"<resultLabel>18<")
        self.assertNotEqual(tampered, data)
        with self.assertRaises(elmo.ElmoError) as error:
            elmo.verify(tampered, cert.encode())
        self.assertEqual(error.exception.code, "tampered")

    def test_schema_catches_an_invalid_document(self):
        data = self.enrolment._mc_elmo_xml().replace(b"<familyName>", b"<surname>", 1)
        data = data.replace(b"</familyName>", b"</surname>", 1)
        with self.assertRaises(elmo.ElmoError) as error:
            elmo.parse(data)
        self.assertEqual(error.exception.code, "invalid")

    def test_download_route(self):
        action = self.enrolment.with_user(self.officer).action_download_elmo()
        self.assertEqual(action["url"], f"/mc/elmo/{self.enrolment.id}")


@tagged("post_install", "-at_install")
class TestElmoImport(ElmoCase):
    """Registry A (Leuven's company) exports; registry B (Bologna's company)
    imports as a partner would: its own programme copy, edition and enrolment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.export = cls.enrolment._mc_elmo_xml()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Bologna Registry", "partner_id": cls.bologna.id}
        )
        cls.officer_b = new_test_user(
            cls.env,
            login="elmo_b_officer",
            groups=OFFICER,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        Env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company_b.ids)
        )
        partnership_b = Env["mc.partnership"].create(
            {
                "name": "Joint Data Science Alliance (Bologna)",
                "code": "JDSA",
                "company_id": cls.company_b.id,
                "member_ids": [
                    Command.create(
                        {"institution_id": cls.leuven.id, "role": "leading"}
                    ),
                    Command.create(
                        {"institution_id": cls.bologna.id, "role": "partner"}
                    ),
                ],
            }
        )
        cls.programme_b = Env["mc.programme"].create(
            {
                "name": "Applied Data Science",
                "code": "ADS",
                "company_id": cls.company_b.id,
                "partnership_id": partnership_b.id,
                "eqf_level": 7,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "Statistics",
                            "code": "ADS1",
                            "ects": 3.0,
                            "institution_id": cls.leuven.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Machine Learning",
                            "code": "ML-B",
                            "ects": 2.0,
                            "institution_id": cls.bologna.id,
                        }
                    ),
                ],
            }
        )
        edition_b = Env["mc.edition"].create(
            {
                "name": "ADS 2026 (Bologna)",
                "programme_id": cls.programme_b.id,
                "date_start": datetime.date(2026, 2, 1),
                "date_end": datetime.date(2026, 6, 30),
            }
        )
        cls.enrolment_b = Env["mc.enrolment"].create(
            {
                "learner_id": cls.learner.id,
                "edition_id": edition_b.id,
                "state": "enrolled",
            }
        )

    def _wizard(self, data, user=None):
        return (
            self.env["mc.elmo.import"]
            .with_user(user or self.officer_b)
            .create({"file": base64.b64encode(data), "filename": "elmo.xml"})
        )

    def test_import_into_a_second_company(self):
        wizard = self._wizard(self.export)
        wizard.action_preview()
        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "preview",
                    "institution_id": self.leuven.id,
                    "learner_id": self.learner.id,
                    "enrolment_id": self.enrolment_b.id,
                    "new_count": 1,
                    "known_count": 0,
                }
            ],
        )
        self.assertEqual(wizard.line_ids.unit_id.code, "ADS1")
        self.assertFalse(self.enrolment_b.result_ids, "a preview records nothing")
        wizard.action_import()
        self.assertRecordValues(
            self.enrolment_b.result_ids,
            [
                {
                    "unit_id": self.programme_b.unit_ids.filtered(
                        lambda u: u.code == "ADS1"
                    ).id,
                    "institution_id": self.leuven.id,
                    "grade": "16",
                    "passed": True,
                    "ects_earned": 3.0,
                    "date": datetime.date(2026, 6, 15),
                }
            ],
        )
        # Importing the same file again changes nothing.
        again = self._wizard(self.export)
        again.action_import()
        self.assertEqual(again.new_count, 0)
        self.assertEqual(again.known_count, 1)
        self.assertEqual(len(self.enrolment_b.result_ids), 1)

    def test_unit_matched_by_title_and_credits(self):
        data = self.export.replace(b">ADS1<", b">LEU-STAT-7<")
        wizard = self._wizard(data)
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.code, "LEU-STAT-7")
        self.assertEqual(wizard.line_ids.unit_id.code, "ADS1")

    def test_results_of_several_partners_refused(self):
        """Registry B is not one of the two issuers: which partner sends?"""
        self.company_b.partner_id = self.env["res.partner"].create(
            {"name": "Bologna Registry Office"}
        )
        with self.assertRaisesRegex(UserError, "2 institutions"):
            self._wizard(self.export).action_preview()

    def test_signed_transcript_checked_and_tampering_refused(self):
        key, cert = self_signed("KU Leuven")
        self.leuven.write({"mc_elmo_certificate": cert, "mc_elmo_private_key": key})
        signed = self.enrolment._mc_elmo_xml()
        wizard = self._wizard(signed)
        wizard.action_preview()
        self.assertTrue(wizard.signed)
        tampered = signed.replace(b"<resultLabel>16<", b"<resultLabel>18<")
        with self.assertRaisesRegex(UserError, "does not match its content"):
            self._wizard(tampered).action_import()
        self.assertFalse(self.enrolment_b.result_ids)
        self.leuven.mc_elmo_certificate = False
        with self.assertRaisesRegex(UserError, "no transcript certificate"):
            self._wizard(signed).action_import()

    def test_bad_files(self):
        cases = [
            (b"not xml at all", "it is not XML"),
            (b"<transcript xmlns='urn:x'/>", "root element"),
            (
                self.export.replace(b"<familyName>", b"<surname>").replace(
                    b"</familyName>", b"</surname>"
                ),
                "does not follow the ELMO schema",
            ),
        ]
        for data, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                self._wizard(data).action_import()
        self.assertFalse(self.enrolment_b.result_ids, "nothing half-recorded")

    def test_unknown_learner(self):
        data = (
            self.export.replace(b"r001", b"r999")
            .replace(b"B-77", b"B-99")
            .replace(b"<bday>2001-04-12", b"<bday>1999-01-01")
        )
        with self.assertRaisesRegex(UserError, "Unknown learner"):
            self._wizard(data).action_import()

    def test_learner_by_name_and_birth_date(self):
        data = self.export.replace(b"r001", b"r999").replace(b"B-77", b"B-99")
        wizard = self._wizard(data)
        wizard.action_preview()
        self.assertEqual(wizard.learner_id, self.learner)
        self.assertEqual(wizard.learner_match, "Name and birth date")

    def test_student_number_of_someone_else(self):
        data = self.export.replace(b"Martins", b"Silva")
        with self.assertRaisesRegex(UserError, "belongs to Ana Martins"):
            self._wizard(data).action_import()

    def test_unmatched_units(self):
        data = self.export.replace(b">ADS1<", b">ZZ9<").replace(
            b">Statistics<", b">Astrology<"
        )
        with self.assertRaisesRegex(UserError, "match no unit.*ZZ9"):
            self._wizard(data).action_import()
        self.assertFalse(self.enrolment_b.result_ids)

    def test_conflicting_result_refused(self):
        self.env["mc.result"].create(
            {
                "enrolment_id": self.enrolment_b.id,
                "unit_id": self.programme_b.unit_ids.filtered(
                    lambda u: u.code == "ADS1"
                ).id,
                "grade": "10",
            }
        )
        with self.assertRaisesRegex(UserError, "already has a different result"):
            self._wizard(self.export).action_import()


@tagged("post_install", "-at_install")
class TestElmoDownload(HttpCase, ElmoCase):
    def test_learner_downloads_own_transcript_only(self):
        new_test_user(
            self.env,
            login="elmo_ana",
            groups="base.group_portal",
            partner_id=self.learner.id,
        )
        other = self._make_enrolments(1, prefix="Other")
        self.authenticate("elmo_ana", "elmo_ana")
        page = self.url_open("/my/transcripts")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/mc/elmo/{self.enrolment.id}", page.text)
        response = self.url_open(f"/mc/elmo/{self.enrolment.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertValidElmo(response.content)
        self.assertEqual(self.url_open(f"/mc/elmo/{other.id}").status_code, 404)

    def test_officer_downloads_any_transcript(self):
        self.authenticate("aw_officer", "aw_officer")
        response = self.url_open(f"/mc/elmo/{self.enrolment.id}")
        self.assertEqual(response.status_code, 200)
        self.assertValidElmo(response.content)
