"""Conformance of a credential to the official Open Badges 3.0 JSON Schema.

The schema is 1EdTech's ``AchievementCredential`` schema (Draft 2019-09), kept in
``schemas/`` so that the check runs offline. Formats are checked (``date``,
``date-time``: ``rfc3339-validator`` must be installed, otherwise jsonschema
silently skips ``date-time``). Needs the ``schema`` extra (``jsonschema``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = (
    Path(__file__).resolve().parent
    / "schemas"
    / "ob_v3p0_achievementcredential_schema.json"
)


@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # optional dependency: the ``schema`` extra

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.Draft201909Validator
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER
    if "date-time" not in checker.checkers:
        raise RuntimeError(
            "jsonschema cannot check the date-time format: install rfc3339-validator"
        )
    return cls(schema, format_checker=checker)


def schema_errors(credential: Any) -> list[str]:
    """Every violation of the OB 3.0 AchievementCredential JSON Schema, as
    ``"<json path>: <message>"`` lines; empty when the credential conforms.

    :param credential: dict or JSON text.
    """
    if isinstance(credential, (str, bytes)):
        credential = json.loads(credential)
    errors = sorted(_validator().iter_errors(credential), key=lambda e: e.json_path)
    return [f"{error.json_path}: {error.message}" for error in errors]
