"""Sign/verify round trips, proof sets and tampering."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

from conftest import (
    KEY_A,
    KEY_B,
    NOW,
    UNI_B,
    UNI_C,
    resolver,
    signed_joint,
    status_lists,
)
from hypothesis import (
    HealthCheck,
    given,
    settings,
    strategies as st,
)

from mc_credentials.keys import KeyPair
from mc_credentials.proof import add_proofs, get_proofs, sign, verify_proof
from mc_credentials.verify import verify_credential

NOW_DT = datetime(2026, 6, 1, tzinfo=timezone.utc)


def _verify(cred, **kw):
    lists = status_lists()
    return verify_credential(cred, resolver(), lists.get, now=NOW_DT, **kw)


def test_joint_award_verifies_with_all_checks():
    report = _verify(signed_joint())
    names = [c.name for c in report.checks]
    assert names == [
        "shape",
        "proof:did:web:uni-a.example#key-1",
        "proof:did:web:uni-b.example#key-1",
        "proof:did:web:uni-c.example#key-1",
        "status",
        "validity",
    ]
    assert report.ok, report.to_dict()


def test_each_proof_signs_the_document_without_proofs():
    cred = signed_joint()
    for proof in get_proofs(cred):
        single = dict(cred, proof=proof)
        assert verify_proof(single, proof, resolver()(proof["verificationMethod"])).ok


def test_removed_partner_proof_is_named():
    cred = signed_joint()
    cred["proof"] = [
        p for p in cred["proof"] if not p["verificationMethod"].startswith(UNI_B)
    ]
    report = _verify(cred)
    assert not report.ok
    failed = [c.name for c in report.failed()]
    assert failed == [f"proof:{UNI_B}"]


def test_forged_partner_proof_is_named():
    cred = signed_joint()
    impostor = KeyPair.generate(f"{UNI_C}#key-1")  # wrong key for uni C
    forged = add_proofs({k: v for k, v in cred.items() if k != "proof"}, [impostor])
    cred["proof"][2] = forged["proof"][0]
    report = _verify(cred)
    failed = [c.name for c in report.failed()]
    assert f"proof:{UNI_C}#key-1" in failed
    assert "proof:did:web:uni-a.example#key-1" not in failed
    assert "proof:did:web:uni-b.example#key-1" not in failed


def test_unknown_key_fails_that_proof_only():
    cred = signed_joint()
    cred["proof"][1]["verificationMethod"] = f"{UNI_B}#key-9"
    report = _verify(cred)
    assert report.get(f"proof:{UNI_B}#key-9").ok is False
    assert "unknown verification method" in report.get(f"proof:{UNI_B}#key-9").message


def test_expected_issuer_without_proof_fails():
    cred = sign(
        {k: v for k, v in signed_joint().items() if k not in ("proof", "evidence")},
        KEY_A.private_key,
        KEY_A.verification_method,
        NOW,
    )
    assert _verify(cred).ok
    report = _verify(cred, expected_issuers=[UNI_B])
    assert [c.name for c in report.failed()] == [f"proof:{UNI_B}"]


def test_did_key_credential_verifies_without_keys():
    kp = KeyPair.generate_did_key()
    cred = {k: v for k, v in signed_joint().items() if k not in ("proof", "evidence")}
    cred.pop("credentialStatus")
    cred["issuer"] = dict(cred["issuer"], id=kp.verification_method.split("#")[0])
    signed = sign(cred, kp.private_key, kp.verification_method)
    assert verify_credential(signed).ok


def test_issuer_must_sign():
    cred = signed_joint()
    cred["proof"] = [
        p
        for p in cred["proof"]
        if not p["verificationMethod"].startswith("did:web:uni-a")
    ]
    report = _verify(cred)
    assert [c.name for c in report.failed()] == ["proof:did:web:uni-a.example"]


def test_wrong_purpose_fails():
    cred = signed_joint()
    single = add_proofs(
        {k: v for k, v in cred.items() if k != "proof"},
        [KEY_B],
        proof_purpose="authentication",
    )
    check = verify_proof(single, single["proof"][0], KEY_B.public_key)
    assert not check.ok and "proofPurpose" in check.message


def _leaf_paths(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaf_paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaf_paths(v, (*path, i))
    else:
        yield path


SIGNED = signed_joint()
LEAVES = sorted(_leaf_paths(SIGNED), key=repr)


def _mutate(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x" if value else "x"
    return "x"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LEAVES))
def test_changing_any_leaf_breaks_verification(path):
    cred = copy.deepcopy(SIGNED)
    target = cred
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = _mutate(target[path[-1]])
    report = _verify(cred)
    assert not report.ok, f"mutating {path} was not detected"


def test_every_leaf_path_is_detected_exhaustively_for_document_fields():
    """Deterministic complement to the property test: the whole leaf set."""
    undetected = []
    for path in LEAVES:
        if path[0] == "proof":
            continue
        cred = copy.deepcopy(SIGNED)
        target = cred
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = _mutate(target[path[-1]])
        if _verify(cred).ok:
            undetected.append(path)
    assert undetected == []
