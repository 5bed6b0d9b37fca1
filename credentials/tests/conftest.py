"""Shared pytest fixtures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

DATA = HERE / "data"
VECTOR = DATA / "test-vector-obv3p0"


def load_json(path: Path):
    """Read a JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def vector_dir() -> Path:
    """The package's copy of the official OB 3.0 eddsa-rdfc-2022 vector."""
    return VECTOR


# ---------------------------------------------------------------------------
# realistic sample data (deterministic keys for speed and reproducibility)

import copy  # noqa: E402

from mc_credentials.keys import (  # noqa: E402
    KeyPair,
    controller_document,
    private_key_from_seed,
)
from mc_credentials.proof import add_proofs, sign  # noqa: E402
from mc_credentials.status_list import (  # noqa: E402
    StatusList,
    build_status_list_credential,
)
from mc_credentials.verify import make_resolver  # noqa: E402

UNI_A = "did:web:uni-a.example"
UNI_B = "did:web:uni-b.example"
UNI_C = "did:web:uni-c.example"
REVOCATION_URL = "https://uni-a.example/status/1"
SUSPENSION_URL = "https://uni-a.example/status/2"
NOW = "2026-06-01T00:00:00Z"


def keypair(controller: str, seed_byte: int) -> KeyPair:
    """Deterministic key for ``controller#key-1``."""
    return KeyPair(
        private_key_from_seed(bytes([seed_byte]) * 32), f"{controller}#key-1"
    )


KEY_A, KEY_B, KEY_C = keypair(UNI_A, 1), keypair(UNI_B, 2), keypair(UNI_C, 3)


def sample_data(**overrides) -> dict:
    """Plain-dict input for a joint micro-credential."""
    data = {
        "id": "https://uni-a.example/credentials/123",
        "issuer": {
            "id": UNI_A,
            "name": "University A",
            "url": "https://uni-a.example",
            "other_identifiers": [
                {"identifier": "D BERLIN01", "identifierType": "ext:ErasmusCode"}
            ],
        },
        "valid_from": "2025-01-01T00:00:00Z",
        "valid_until": "2030-01-01T00:00:00Z",
        "awarded_date": "2025-01-01T00:00:00Z",
        "recipient": {"email": "Student@Example.org", "salt": "s3cr3t-salt"},
        "achievement": {
            "id": "https://uni-a.example/achievements/ai-101",
            "achievement_type": "MicroCredential",
            "language": "en",
            "name": {"en": "Applied AI", "de": "Angewandte KI"},
            "description": {"en": "Hands-on AI.", "de": "Praktische KI."},
            "criteria": "Pass the written exam and the project.",
            "credits": 5,
            "eqf_level": 6,
            "field_of_study": "Computer science",
            "skills": [
                {
                    "name": "machine learning",
                    "url": "http://data.europa.eu/esco/skill/example",
                }
            ],
            "result_description": {
                "name": "Grade",
                "result_type": "LetterGrade",
                "allowed_values": ["A", "B", "C", "D", "E"],
            },
            "language_editions": {
                "de": "https://uni-a.example/achievements/ai-101?lang=de"
            },
            "human_code": "AI-101",
        },
        "credits_earned": 5,
        "results": [{"value": "A"}],
        "activity_start": "2024-09-01",
        "activity_end": "2024-12-20",
        "co_awarders": [
            {"id": UNI_B, "name": "University B"},
            {"id": UNI_C, "name": "University C"},
        ],
        "status": {
            "list_credential": REVOCATION_URL,
            "index": 42,
            "purpose": "revocation",
        },
    }
    data.update(overrides)
    return data


def key_documents() -> list[dict]:
    """Controller documents of the three partners."""
    return [
        controller_document(
            k.verification_method.split("#")[0], {"key-1": k.public_key}
        )
        for k in (KEY_A, KEY_B, KEY_C)
    ]


def resolver():
    """Key resolver for the three partners (and did:key)."""
    return make_resolver(key_documents())


def signed_status_list(url: str, purpose: str, set_bits=()) -> dict:
    """A status list credential signed by University A."""
    sl = StatusList(purpose=purpose)
    for i in set_bits:
        sl.set(i)
    cred = build_status_list_credential(sl, url, UNI_A, "2025-01-01T00:00:00Z")
    return sign(cred, KEY_A.private_key, KEY_A.verification_method, NOW)


def status_lists(revoked=(), suspended=()) -> dict:
    """``{url: list credential}`` for the sample's two lists."""
    return {
        REVOCATION_URL: signed_status_list(REVOCATION_URL, "revocation", revoked),
        SUSPENSION_URL: signed_status_list(SUSPENSION_URL, "suspension", suspended),
    }


_JOINT_CACHE: dict = {}


def signed_joint() -> dict:
    """The sample credential signed by A, B and C (proof set); a fresh copy."""
    if "joint" not in _JOINT_CACHE:
        from mc_credentials.credential import build_joint_award

        cred = build_joint_award(sample_data())
        _JOINT_CACHE["joint"] = add_proofs(
            cred, [KEY_A, KEY_B, KEY_C], created="2025-01-01T00:00:00Z"
        )
    return copy.deepcopy(_JOINT_CACHE["joint"])
