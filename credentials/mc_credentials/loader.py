"""Offline JSON-LD document loader.

Every JSON-LD operation in this package goes through :func:`document_loader`.
It serves a fixed allowlist of contexts shipped as package data and refuses
everything else with a clear error: the verifier must never touch the network
(privacy of the holder, availability, and no remote context substitution).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: ELM 3.2 EDC application profile (European Commission, EUPL-1.2).
EDC_AP_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"

#: URL -> file name inside ``mc_credentials/contexts``.
CONTEXT_FILES: dict[str, str] = {
    VC_V2_CONTEXT: "credentials-v2.json",
    OB_V3P0_CONTEXT: "ob-v3p0-context-3.0.3.json",
    EDC_AP_CONTEXT: "edc-ap-context.jsonld",
}


class UnknownContextError(Exception):
    """Raised when a JSON-LD context URL is not in the offline allowlist."""


@cache
def _load_file(name: str) -> dict[str, Any]:
    path = Path(__file__).resolve().parent / "contexts" / name
    return json.loads(path.read_text(encoding="utf-8"))


def known_contexts() -> list[str]:
    """Return the context URLs that resolve offline."""
    return sorted(CONTEXT_FILES)


def get_context(url: str) -> dict[str, Any]:
    """Return a deep copy of the bundled JSON document for ``url``.

    :raises UnknownContextError: if ``url`` is not bundled.
    """
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContextError(
            f"JSON-LD context {url!r} is not available offline; known contexts: "
            + ", ".join(known_contexts())
        )
    return copy.deepcopy(_load_file(name))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld-compatible document loader that never uses the network.

    :param url: the IRI of the requested document.
    :param options: pyld loader options (ignored).
    :returns: a pyld RemoteDocument dict.
    :raises UnknownContextError: for any URL outside the bundled allowlist.
    """
    if not isinstance(url, str):
        raise UnknownContextError(f"context reference must be a string, got {url!r}")
    document = get_context(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
        # The bundled contexts never change: "static" lets pyld keep the resolved
        # context in its shared cache across operations instead of fetching,
        # copying and re-keying it on every canonicalisation.
        "tag": "static",
    }
