"""A partnership issues a joint award: its controller document lists each
member's key under its own identifier, every member signs with that method, and
the verifier still requires one valid proof per co-awarder named in the data."""

from __future__ import annotations

from conftest import (
    KEY_A,
    KEY_B,
    KEY_C,
    UNI_A,
    UNI_B,
    UNI_C,
    key_documents,
    sample_data,
)

from mc_credentials import add_proofs, build_joint_award, controller_document
from mc_credentials.keys import KeyPair
from mc_credentials.verify import make_resolver, verify_credential

PARTNERSHIP = "did:web:alliance.example"
MEMBERS = {UNI_A: KEY_A, UNI_B: KEY_B, UNI_C: KEY_C}


def _fragment(did):
    return did.rsplit(":", 1)[-1].replace(".", "-") + "-key-1"


def _partnership_document():
    document = controller_document(
        PARTNERSHIP,
        {_fragment(did): key.public_key for did, key in MEMBERS.items()},
    )
    document["controller"] = list(MEMBERS)
    return document


def _resolver():
    return make_resolver(key_documents() + [_partnership_document()])


def _signed():
    data = sample_data(
        issuer={"id": PARTNERSHIP, "name": "Alliance"},
        co_awarders=[{"id": did, "name": did} for did in MEMBERS],
        status=None,
    )
    signers = [
        KeyPair(key.private_key, f"{PARTNERSHIP}#{_fragment(did)}")
        for did, key in MEMBERS.items()
    ]
    return add_proofs(build_joint_award(data), signers)


def test_every_member_proof_counts_for_its_member():
    report = verify_credential(_signed(), _resolver())
    assert report.ok, report.to_dict()


def test_a_dropped_member_proof_names_the_member():
    cred = _signed()
    cred["proof"] = [
        p for p in cred["proof"] if _fragment(UNI_B) not in p["verificationMethod"]
    ]
    report = verify_credential(cred, _resolver())
    assert [c.name for c in report.failed()] == [f"proof:{UNI_B}"]


def test_without_the_members_documents_no_member_is_traced():
    report = verify_credential(_signed(), make_resolver([_partnership_document()]))
    assert not report.ok
    assert {c.name for c in report.failed()} == {f"proof:{did}" for did in MEMBERS}
