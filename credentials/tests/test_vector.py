"""The official Open Badges 3.0 ``eddsa-rdfc-2022`` test vector, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import DATA, VECTOR, load_json

from mc_credentials.canon import canonize
from mc_credentials.keys import (
    multikey_to_private_key,
    private_key_from_seed,
    private_key_raw,
    private_key_to_multikey,
    public_key_raw,
    public_key_to_multikey,
)
from mc_credentials.loader import OB_V3P0_CONTEXT, get_context
from mc_credentials.proof import (
    create_proof,
    hash_data,
    proof_config,
    sign,
    transform_document,
    verify_proof,
)

# The repository root is the parent of credentials/; shared/ sits beside it in
# a fresh clone (../shared) and at /work/shared on the development machine.
_REPO = Path(__file__).resolve().parents[2]
SHARED_CANDIDATES = [
    _REPO.parent / "shared" / "data" / "ob3",
    Path("/work/shared/data/ob3"),
]
VECTOR_DIRS = [VECTOR] + [
    d / "test-vector-obv3p0" for d in SHARED_CANDIDATES if d.is_dir()
]


@pytest.fixture(params=VECTOR_DIRS, ids=lambda p: str(p))
def vdir(request) -> Path:
    return request.param


def test_document_canon(vdir: Path) -> None:
    cred = load_json(vdir / "credential-unsigned.json")
    expected = (vdir / "document-canon.txt").read_text(encoding="utf-8")
    assert transform_document(cred) == expected


def test_proof_canon(vdir: Path) -> None:
    cred = load_json(vdir / "credential-unsigned.json")
    options = load_json(vdir / "proof-options.json")
    expected = (vdir / "proof-canon.txt").read_text(encoding="utf-8")
    assert proof_config(cred, options) == expected


def test_hashes_signature_and_proof_value(vdir: Path) -> None:
    cred = load_json(vdir / "credential-unsigned.json")
    options = load_json(vdir / "proof-options.json")
    key = load_json(vdir / "key.json")
    exp = load_json(vdir / "expected.json")
    doc_canon = transform_document(cred)
    cfg_canon = proof_config(cred, options)
    assert hashlib.sha256(doc_canon.encode()).hexdigest() == exp["document_hash_hex"]
    assert hashlib.sha256(cfg_canon.encode()).hexdigest() == exp["proof_hash_hex"]
    data = hash_data(cfg_canon, doc_canon)
    assert data.hex() == exp["data_to_sign_hex"]
    sk = private_key_from_seed(bytes.fromhex(key["ed25519_seed_hex"]))
    assert sk.sign(data).hex() == exp["signature_hex"]
    proof = create_proof(
        cred,
        sk,
        options["verificationMethod"],
        created=options["created"],
        proof_purpose=options["proofPurpose"],
    )
    assert proof["proofValue"] == exp["proof_value"]
    assert {k: v for k, v in proof.items() if k != "proofValue"} == options


def test_key_encodings(vdir: Path) -> None:
    key = load_json(vdir / "key.json")
    sk = multikey_to_private_key(key["secretKeyMultibase"])
    assert private_key_raw(sk).hex() == key["ed25519_seed_hex"]
    assert public_key_raw(sk.public_key()).hex() == key["ed25519_public_hex"]
    assert public_key_to_multikey(sk.public_key()) == key["publicKeyMultibase"]
    assert private_key_to_multikey(sk, include_public=True) == key["secretKeyMultibase"]
    assert multikey_to_private_key(private_key_to_multikey(sk)) is not None


def test_vector_signed_verifies(vdir: Path) -> None:
    cred = load_json(vdir / "credential-unsigned.json")
    options = load_json(vdir / "proof-options.json")
    key = load_json(vdir / "key.json")
    sk = multikey_to_private_key(key["secretKeyMultibase"])
    signed = sign(cred, sk, options["verificationMethod"], options["created"])
    check = verify_proof(signed, signed["proof"][0], sk.public_key())
    assert check.ok, check.message


def test_bundled_ob_context_matches_reference() -> None:
    assert get_context(OB_V3P0_CONTEXT) == load_json(DATA / "context-3.0.3.json")
    for d in SHARED_CANDIDATES:
        if d.is_dir():
            assert get_context(OB_V3P0_CONTEXT) == load_json(d / "context-3.0.3.json")


def test_unknown_context_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="not available offline"):
        canonize({"@context": "https://example.org/ctx.jsonld", "name": "x"})
