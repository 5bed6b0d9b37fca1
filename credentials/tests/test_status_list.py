"""Bitstring Status List v1.0."""

from __future__ import annotations

import base64
import gzip
from datetime import datetime, timezone

import pytest
from conftest import (
    KEY_A,
    KEY_B,
    KEY_C,
    NOW,
    REVOCATION_URL,
    SUSPENSION_URL,
    UNI_A,
    resolver,
    sample_data,
    signed_joint,
    status_lists,
)
from hypothesis import (
    given,
    settings,
    strategies as st,
)

from mc_credentials.canon import undefined_terms
from mc_credentials.proof import add_proofs, sign
from mc_credentials.status_list import (
    MIN_SIZE,
    StatusList,
    StatusListError,
    build_status_list_credential,
    check_status,
    status_entry,
)
from mc_credentials.verify import (
    check_credential_status,
    status_list_problems,
    verify_credential,
)

NOW_DT = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_default_size_and_minimum():
    assert StatusList().size == MIN_SIZE == 131072
    with pytest.raises(StatusListError):
        StatusList(size=1024)
    with pytest.raises(StatusListError):
        StatusList(purpose="refresh")


@settings(max_examples=30, deadline=None)
@given(st.sets(st.integers(0, MIN_SIZE - 1), max_size=40))
def test_encode_decode_roundtrip(indexes):
    sl = StatusList()
    for i in indexes:
        sl.set(i)
    encoded = sl.encode()
    assert encoded.startswith("u") and "=" not in encoded
    decoded = StatusList.decode(encoded)
    assert decoded.bits == sl.bits
    for i in list(indexes)[:10]:
        assert decoded.get(i)


def test_bit_order_index_zero_is_msb_of_first_byte():
    sl = StatusList()
    sl.set(0)
    sl.set(15)
    raw = gzip.decompress(base64.urlsafe_b64decode(sl.encode()[1:] + "=="))
    assert raw[0] == 0x80 and raw[1] == 0x01


def test_allocation_unique_and_random():
    sl = StatusList()
    got = [sl.allocate() for _ in range(5000)]
    assert len(set(got)) == len(got)
    assert got != sorted(got)
    assert all(0 <= i < sl.size for i in got)
    again = StatusList(allocated=got)
    assert again.allocate() not in set(got)


def test_set_get_clear():
    sl = StatusList(purpose="suspension")
    sl.set(123)
    assert sl.get(123) and not sl.get(124)
    sl.clear(123)
    assert not sl.get(123)
    with pytest.raises(StatusListError):
        sl.get(MIN_SIZE)


def test_status_list_credential_is_signable_and_clean():
    sl = StatusList()
    cred = build_status_list_credential(sl, REVOCATION_URL, UNI_A, NOW)
    assert cred["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert cred["credentialSubject"]["type"] == "BitstringStatusList"
    assert undefined_terms(cred) == []
    signed = sign(cred, KEY_A.private_key, KEY_A.verification_method)
    assert verify_credential(signed, resolver(), now=NOW_DT).ok


def test_entry_shape():
    entry = status_entry(REVOCATION_URL, 42)
    assert entry == {
        "id": f"{REVOCATION_URL}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": REVOCATION_URL,
    }
    lists = status_lists(revoked=[42])
    assert check_status(entry, lists[REVOCATION_URL])[0] is True
    with pytest.raises(StatusListError, match="purpose"):
        check_status(dict(entry, statusPurpose="suspension"), lists[REVOCATION_URL])


def _report(lists):
    return verify_credential(signed_joint(), resolver(), lists.get, now=NOW_DT)


def test_revoked_credential_fails_status():
    report = _report(status_lists(revoked=[42]))
    assert not report.ok
    assert report.get("status").ok is False
    assert "revoked" in report.get("status").message
    assert report.get("status").code == "revoked"


def test_suspension_is_reversible():
    """A credential whose one status entry is a suspension entry."""
    from mc_credentials.credential import build_joint_award

    entry = {"list_credential": SUSPENSION_URL, "index": 7, "purpose": "suspension"}
    cred = add_proofs(
        build_joint_award(sample_data(status=entry)), [KEY_A, KEY_B, KEY_C]
    )

    def report(lists):
        return verify_credential(cred, resolver(), lists.get, now=NOW_DT)

    assert report(status_lists(suspended=[7])).get("status").code == "suspended"
    assert report(status_lists(suspended=[])).get("status").code == "status_clear"


def test_one_status_entry_only():
    """Open Badges 3.0 allows one credentialStatus object."""
    from mc_credentials.credential import CredentialDataError, build_joint_award

    entry = {"list_credential": SUSPENSION_URL, "index": 7, "purpose": "suspension"}
    two = [sample_data()["status"], entry]
    with pytest.raises(CredentialDataError, match="one credentialStatus"):
        build_joint_award(sample_data(status=two))


def test_other_bits_do_not_affect_credential():
    assert _report(status_lists(revoked=[41, 43], suspended=[6, 8])).ok


def test_status_list_with_bad_proof_is_untrusted():
    lists = status_lists()
    other = StatusList()
    other.set(1000)  # an unrelated bit: the list now differs from what was signed
    lists[REVOCATION_URL]["credentialSubject"]["encodedList"] = other.encode()
    report = _report(lists)
    assert report.get("status").ok is False
    assert "untrusted" in report.get("status").message


def test_status_list_signed_by_someone_else_is_untrusted():
    lists = status_lists()
    unsigned = {k: v for k, v in lists[REVOCATION_URL].items() if k != "proof"}
    lists[REVOCATION_URL] = sign(unsigned, KEY_B.private_key, KEY_B.verification_method)
    report = _report(lists)
    assert report.get("status").ok is False


def test_missing_status_list_is_skipped_or_failed():
    report = verify_credential(signed_joint(), resolver(), now=NOW_DT)
    assert report.get("status").skipped and report.ok
    report = verify_credential(signed_joint(), resolver(), {}.get, now=NOW_DT)
    assert not report.get("status").ok and not report.ok


def test_status_only_check_follows_the_bits():
    """check_credential_status: only `status` and `validity`, live."""
    report = check_credential_status(
        signed_joint(), status_lists().get, resolver(), now=NOW_DT
    )
    assert [c.name for c in report.checks] == ["status", "validity"]
    assert report.ok
    report = check_credential_status(
        signed_joint(), status_lists(revoked=[42]).get, resolver(), now=NOW_DT
    )
    assert not report.ok and "revoked" in report.get("status").message
    report = check_credential_status("{not json", {}.get)
    assert not report.ok and report.get("shape")


def test_status_list_trust_can_be_memoised():
    """A memoised trust function is asked once per list content, and a list
    it distrusts fails the status check even when its bit is clear."""
    lists = status_lists(revoked=[42])
    calls = []

    def trust(list_cred, issuer):
        calls.append(list_cred["id"])
        return status_list_problems(list_cred, resolver(), issuer)

    memo = {}

    def memo_trust(list_cred, issuer):
        key = (list_cred["id"], list_cred["credentialSubject"]["encodedList"], issuer)
        if key not in memo:
            memo[key] = trust(list_cred, issuer)
        return memo[key]

    for _ in range(3):
        report = check_credential_status(
            signed_joint(), lists.get, resolver(), NOW_DT, status_list_trust=memo_trust
        )
        assert "revoked" in report.get("status").message
    assert calls == [REVOCATION_URL]
    assert status_list_problems(lists[REVOCATION_URL], resolver(), UNI_A) == []
    assert status_list_problems(lists[REVOCATION_URL], resolver(), "did:web:x") == [
        "status-list-issuer: issued by another issuer"
    ]
    report = check_credential_status(
        signed_joint(),
        status_lists().get,
        resolver(),
        NOW_DT,
        status_list_trust=lambda cred, issuer: ["distrusted"],
    )
    assert not report.ok and "untrusted: distrusted" in report.get("status").message


def test_decode_rejects_garbage():
    for bad in ["", "u", "u!!!", "uAAAA", 5, None]:
        with pytest.raises(StatusListError):
            StatusList.decode(bad)
    small = "u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * 10)).decode().rstrip(
        "="
    )
    with pytest.raises(StatusListError, match="fewer"):
        StatusList.decode(small)
    assert SUSPENSION_URL
