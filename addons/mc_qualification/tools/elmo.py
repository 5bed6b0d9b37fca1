# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""EMREX ELMO documents: the schema (validated offline), parsing, XML-DSig.

No Odoo here: the models build and read the documents, this module checks them.
The ELMO schema (``data/elmo/schema.xsd``, emrex-eu/elmo-schemas, EUPL-1.2)
imports its referenced schemas by URL; a resolver maps each URL to the local
copy next to it, so validation never touches the network.
"""

import functools
import os

from lxml import etree
from signxml import XMLSigner, XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "elmo")
SCHEMA_URLS = {
    "https://raw.githubusercontent.com/emrex-eu/elmo-schemas/v1/references/"
    "xmldsig-core-schema.xsd": "xmldsig-core-schema.xsd",
    "https://raw.githubusercontent.com/emrex-eu/elmo-schemas/v1/references/"
    "EUROPASS_ISOCountries_V1.1.xsd": "EUROPASS_ISOCountries_V1.1.xsd",
    "https://raw.githubusercontent.com/erasmus-without-paper/"
    "ewp-specs-types-address/stable-v1/schema.xsd": "ewp-address.xsd",
    "https://raw.githubusercontent.com/erasmus-without-paper/"
    "ewp-specs-architecture/stable-v1/common-types.xsd": "ewp-common-types.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
}


class ElmoError(ValueError):
    """A document that is not a usable ELMO document; ``code`` says why:
    ``not_xml``, ``not_elmo``, ``invalid``, ``unsigned_key``, ``tampered``."""

    def __init__(self, code, detail=""):
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


class _LocalSchemas(etree.Resolver):
    def resolve(self, url, _pubid, context):
        name = SCHEMA_URLS.get(url)
        if name:
            return self.resolve_filename(os.path.join(SCHEMA_DIR, name), context)
        return None


@functools.cache
def schema():
    """The compiled ELMO schema (once per process)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    with open(os.path.join(SCHEMA_DIR, "schema.xsd"), "rb") as handle:
        document = etree.parse(handle, parser)
    return etree.XMLSchema(document)


def qname(tag):
    return f"{{{NS}}}{tag}"


def parse(data):
    """The root element of ``data`` (bytes) once it is known to be a
    schema-valid ELMO document; raises ElmoError otherwise."""
    parser = etree.XMLParser(
        no_network=True, resolve_entities=False, remove_blank_text=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ElmoError("not_xml", str(error)) from error
    if root.tag != qname("elmo"):
        raise ElmoError("not_elmo", root.tag)
    validate(root)
    return root


def validate(root):
    """Raise ElmoError('invalid') with the schema's first messages."""
    xsd = schema()
    if not xsd.validate(root):
        messages = [
            f"line {entry.line}: {entry.message}" for entry in xsd.error_log[:3]
        ]
        raise ElmoError("invalid", "; ".join(messages))


def signature(root):
    """The enveloped ds:Signature element of the document, or None."""
    return root.find(f"{{{DS_NS}}}Signature")


def sign(root, key_pem, cert_pem):
    """``root`` signed with an enveloped XML-DSig signature (RSA or ECDSA,
    SHA-256) carrying the X.509 certificate; the signature is the last child
    of ``elmo``, where the schema expects it."""
    signer = XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    return signer.sign(root, key=key_pem, cert=cert_pem)


def verify(data, cert_pem):
    """Check the enveloped signature of ``data`` against ``cert_pem``; raise
    ElmoError('tampered') when it does not hold."""
    try:
        XMLVerifier().verify(data, x509_cert=cert_pem)
    except (InvalidSignature, InvalidInput) as error:
        raise ElmoError("tampered", str(error)) from error
