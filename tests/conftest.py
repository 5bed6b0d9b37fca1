"""Shared fixtures of the repository-level tests (no database, no Odoo server)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root():
    return ROOT


def addon_dirs():
    return sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))
