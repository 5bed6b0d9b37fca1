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
