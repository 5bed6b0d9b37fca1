"""Signed Open Badges 3.0 / W3C Verifiable Credentials, offline and Odoo-free.

Public API (see README.md for details)::

    canonize, undefined_terms                      # mc_credentials.canon
    KeyPair, did_key_verification_method, ...      # mc_credentials.keys
    create_proof, add_proofs, sign, verify_proof   # mc_credentials.proof
    build_open_badge_credential, build_joint_award, build_multiple_award
    StatusList, status_entry, build_status_list_credential, check_status
    verify_credential, make_resolver, VerificationReport
    check_credential_status, status_list_problems
"""

from .canon import canonize, undefined_terms
from .credential import (
    build_joint_award,
    build_multiple_award,
    build_open_badge_credential,
)
from .keys import (
    KeyPair,
    controller_document,
    did_key_verification_method,
    did_web_verification_method,
    multikey_to_private_key,
    multikey_to_public_key,
    private_key_to_multikey,
    public_key_to_multikey,
)
from .loader import document_loader
from .proof import add_proofs, create_proof, sign, verify_proof
from .status_list import (
    StatusList,
    build_status_list_credential,
    check_status,
    status_entry,
)
from .verify import (
    VerificationReport,
    check_credential_status,
    make_resolver,
    status_list_problems,
    verify_credential,
)

__version__ = "0.1.0"

__all__ = [
    "KeyPair",
    "StatusList",
    "VerificationReport",
    "add_proofs",
    "build_joint_award",
    "build_multiple_award",
    "build_open_badge_credential",
    "build_status_list_credential",
    "canonize",
    "check_credential_status",
    "check_status",
    "controller_document",
    "create_proof",
    "did_key_verification_method",
    "did_web_verification_method",
    "document_loader",
    "make_resolver",
    "multikey_to_private_key",
    "multikey_to_public_key",
    "private_key_to_multikey",
    "public_key_to_multikey",
    "sign",
    "status_entry",
    "status_list_problems",
    "undefined_terms",
    "verify_credential",
    "verify_proof",
]
