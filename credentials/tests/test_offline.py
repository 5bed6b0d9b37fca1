"""No operation may touch the network."""

from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest
from conftest import KEY_A, KEY_B, KEY_C, resolver, sample_data, status_lists

from mc_credentials.credential import build_joint_award
from mc_credentials.loader import document_loader
from mc_credentials.proof import add_proofs
from mc_credentials.verify import verify_credential


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_sign_and_verify_offline(no_network):
    lists = status_lists()
    cred = add_proofs(build_joint_award(sample_data()), [KEY_A, KEY_B, KEY_C])
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    assert verify_credential(cred, resolver(), lists.get, now=now).ok


def test_loader_refuses_unknown_urls(no_network):
    with pytest.raises(Exception, match="not available offline"):
        document_loader("https://w3id.org/security/data-integrity/v2")


def test_bundled_contexts_are_resolved_once_per_process(monkeypatch):
    """The loader tags its contexts "static": pyld keeps them resolved in its
    shared cache, so later canonicalisations do not load them again."""
    from mc_credentials import canon, loader

    document = build_joint_award(sample_data())
    first = canon.canonize(document)
    assert document_loader(loader.VC_V2_CONTEXT)["tag"] == "static"
    calls = []
    original = loader.get_context

    def counting(url):
        calls.append(url)
        return original(url)

    monkeypatch.setattr(loader, "get_context", counting)
    assert canon.canonize(document) == first
    assert calls == []
