"""verify_credential never raises, whatever it is given."""

from __future__ import annotations

import copy
import json

from conftest import resolver, signed_joint, status_lists
from hypothesis import given, settings
from hypothesis import strategies as st

from mc_credentials.verify import verify_credential

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@context",
                    "id",
                    "type",
                    "issuer",
                    "proof",
                    "credentialSubject",
                    "credentialStatus",
                    "validFrom",
                    "validUntil",
                    "proofValue",
                    "verificationMethod",
                    "x",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _assert_failed_cleanly(report):
    assert report.ok is False
    assert report.checks and report.checks[0].name == "shape"
    json.dumps(report.to_dict())


@settings(max_examples=60, deadline=None)
@given(json_values)
def test_random_json_never_raises(value):
    report = verify_credential(value, resolver(), status_lists().get)
    assert isinstance(report.ok, bool)
    report2 = verify_credential(json.dumps(value), resolver())
    assert isinstance(report2.ok, bool)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data):
    _assert_failed_cleanly(verify_credential(data, resolver()))


SIGNED = signed_joint()


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(SIGNED)),
    json_values,
)
def test_replacing_a_top_level_field_with_junk_never_raises(key, junk):
    cred = copy.deepcopy(SIGNED)
    cred[key] = junk
    report = verify_credential(cred, resolver(), status_lists().get)
    if junk != SIGNED[key]:
        assert not report.ok


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 2),
    st.sampled_from(
        ["proofValue", "verificationMethod", "created", "type", "cryptosuite"]
    ),
    json_values,
)
def test_junk_inside_a_proof_never_raises(i, key, junk):
    cred = copy.deepcopy(SIGNED)
    cred["proof"][i][key] = junk
    report = verify_credential(cred, resolver(), status_lists().get)
    assert isinstance(report.ok, bool)


def test_specific_malformed_inputs():
    for bad in [
        b"\xff\xfe",
        "{not json",
        "[]",
        "null",
        42,
        None,
        {"@context": "https://evil.example/ctx"},
        {"proof": "x"},
        "[" * 5000,
    ]:
        report = verify_credential(bad, resolver())
        _assert_failed_cleanly(report)


def test_resolver_that_raises_is_reported():
    def boom(vm):
        raise RuntimeError("resolver down")

    report = verify_credential(signed_joint(), boom)
    assert not report.ok
    assert "resolver down" in report.checks[1].message


def test_unknown_context_fails_shape_with_clear_message():
    cred = copy.deepcopy(SIGNED)
    cred["@context"] = [*cred["@context"], "https://example.org/extra.jsonld"]
    report = verify_credential(cred, resolver())
    assert "not available offline" in report.get("shape").message
