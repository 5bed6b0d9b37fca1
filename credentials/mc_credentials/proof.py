"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

Implements W3C *Data Integrity EdDSA Cryptosuites v1.0* (RDFC variant):

* transformedDocument  = RDFC-1.0 canonical N-Quads of the document *without*
  its ``proof`` property;
* canonicalProofConfig = RDFC-1.0 canonical N-Quads of the proof options
  (without ``proofValue``) carrying the document's ``@context``;
* hashData  = SHA-256(canonicalProofConfig) || SHA-256(transformedDocument);
* proofValue = multibase base58btc (``z...``) of Ed25519(hashData).

Several independent proofs may be attached as a *proof set* (``proof`` is a
list): each one signs the document without any proof. Proof chains
(``previousProof``) are not supported and are reported as such.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .canon import CanonicalizationError, canonize
from .keys import KeyFormatError, KeyPair, multibase_b58_decode, multibase_b58_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(Exception):
    """Raised when a proof cannot be created."""


@dataclass
class ProofCheck:
    """Outcome of verifying one proof."""

    ok: bool
    verification_method: str
    message: str


def utc_now_iso() -> str:
    """Current UTC time as an XML Schema dateTime without fractions."""
    return (
        datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    )


def get_proofs(document: dict[str, Any]) -> list[Any]:
    """Return the document's proofs as a list (empty when absent)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def unsecured(document: dict[str, Any]) -> dict[str, Any]:
    """Return a shallow copy of ``document`` without its ``proof``."""
    return {k: v for k, v in document.items() if k != "proof"}


def transform_document(document: dict[str, Any]) -> str:
    """Canonical N-Quads of the unsecured document."""
    return canonize(unsecured(document))


def proof_config(document: dict[str, Any], proof_options: dict[str, Any]) -> str:
    """Canonical N-Quads of the proof configuration.

    ``proofValue`` is removed; ``@context`` is the proof options' own context
    when present, otherwise the document's.
    """
    config = {k: v for k, v in proof_options.items() if k != "proofValue"}
    if "@context" not in config:
        config["@context"] = document.get("@context")
    return canonize(config)


def hash_data(proof_config_canon: str, document_canon: str) -> bytes:
    """SHA-256(proof config) || SHA-256(document), 64 bytes."""
    return (
        hashlib.sha256(proof_config_canon.encode("utf-8")).digest()
        + hashlib.sha256(document_canon.encode("utf-8")).digest()
    )


def create_proof(
    document: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
    extra_options: dict[str, Any] | None = None,
    _document_canon: str | None = None,
) -> dict[str, Any]:
    """Create an ``eddsa-rdfc-2022`` DataIntegrityProof for ``document``.

    Any existing ``proof`` in ``document`` is ignored (proof *set* semantics).

    :param created: XML Schema dateTime; defaults to now (UTC, seconds).
    :param extra_options: additional proof options (e.g. ``expires``,
        ``domain``, ``challenge``) that are signed with the proof.
    :returns: the proof object (no ``@context``) including ``proofValue``.
    :raises ProofError: if the document cannot be canonicalised.
    """
    options: dict[str, Any] = {
        "type": PROOF_TYPE,
        "created": created or utc_now_iso(),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    if extra_options:
        options.update(extra_options)
    try:
        doc_canon = _document_canon or transform_document(document)
        config_canon = proof_config(document, options)
    except CanonicalizationError as exc:
        raise ProofError(f"cannot canonicalise document: {exc}") from exc
    signature = private_key.sign(hash_data(config_canon, doc_canon))
    proof = dict(options)
    proof["proofValue"] = multibase_b58_encode(signature)
    return proof


def add_proofs(
    document: dict[str, Any],
    signers: Iterable[KeyPair],
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """Return a copy of ``document`` with one new proof per signer appended.

    Existing proofs are kept; every proof (old and new) signs the document
    without any proof, so the result is a proof set. ``proof`` is always a
    list, even of one proof (the Open Badges 3.0 JSON Schema wants an array).
    """
    signers = list(signers)
    if not signers:
        raise ProofError("at least one signer is required")
    try:
        doc_canon = transform_document(document)
    except CanonicalizationError as exc:
        raise ProofError(f"cannot canonicalise document: {exc}") from exc
    proofs = get_proofs(document)
    for signer in signers:
        proofs.append(
            create_proof(
                document,
                signer.private_key,
                signer.verification_method,
                created=created,
                proof_purpose=proof_purpose,
                _document_canon=doc_canon,
            )
        )
    secured = copy.deepcopy(unsecured(document))
    secured["proof"] = proofs
    return secured


def sign(
    document: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str | None = None,
) -> dict[str, Any]:
    """Convenience: return a copy of ``document`` with one more proof."""
    return add_proofs(document, [KeyPair(private_key, verification_method)], created)


def verify_proof(
    document: dict[str, Any],
    proof: Any,
    public_key: Ed25519PublicKey | None,
    expected_purpose: str | None = "assertionMethod",
    _document_canon: str | None = None,
) -> ProofCheck:
    """Verify one proof of ``document``; never raises.

    :param document: the secured document (its ``proof`` is ignored).
    :param proof: one proof object from the document's proof set.
    :param public_key: the key of ``proof['verificationMethod']`` or ``None``
        when it could not be resolved.
    :param expected_purpose: required ``proofPurpose`` (``None``: any).
    """
    vm = proof.get("verificationMethod") if isinstance(proof, dict) else None
    vm_name = vm if isinstance(vm, str) else "<missing verificationMethod>"

    def fail(msg: str) -> ProofCheck:
        return ProofCheck(False, vm_name, msg)

    if not isinstance(proof, dict):
        return fail("proof is not an object")
    if proof.get("type") != PROOF_TYPE:
        return fail(f"unsupported proof type {proof.get('type')!r}")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        return fail(f"unsupported cryptosuite {proof.get('cryptosuite')!r}")
    if not isinstance(vm, str):
        return fail("proof has no verificationMethod")
    if expected_purpose and proof.get("proofPurpose") != expected_purpose:
        return fail(
            f"proofPurpose is {proof.get('proofPurpose')!r}, "
            f"expected {expected_purpose!r}"
        )
    if "previousProof" in proof:
        return fail("proof chains (previousProof) are not supported")
    ctx = proof.get("@context")
    if ctx is not None:
        doc_ctx = document.get("@context")
        doc_list = doc_ctx if isinstance(doc_ctx, list) else [doc_ctx]
        ctx_list = ctx if isinstance(ctx, list) else [ctx]
        if doc_list[: len(ctx_list)] != ctx_list:
            return fail("proof @context is not a prefix of the document @context")
    value = proof.get("proofValue")
    try:
        signature = multibase_b58_decode(value)
    except KeyFormatError as exc:
        return fail(f"proofValue is not multibase base58btc: {exc}")
    if len(signature) != 64:
        return fail("proofValue is not a 64-byte Ed25519 signature")
    if public_key is None:
        return fail(f"unknown verification method {vm!r} (no public key)")
    try:
        doc_canon = _document_canon or transform_document(document)
        config_canon = proof_config(document, proof)
    except CanonicalizationError as exc:
        return fail(f"cannot canonicalise: {exc}")
    except Exception as exc:  # defensive: malformed input must not raise
        return fail(f"cannot canonicalise: {exc.__class__.__name__}: {exc}")
    try:
        public_key.verify(signature, hash_data(config_canon, doc_canon))
    except InvalidSignature:
        return fail(
            "signature does not match (document or proof altered, or wrong key)"
        )
    except Exception as exc:
        return fail(f"signature check error: {exc}")
    return ProofCheck(True, vm_name, "signature valid")
