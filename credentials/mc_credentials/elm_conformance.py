"""Offline conformance checks of EDCs and LOQ exports (tests and tooling).

* :func:`schema_errors`: the EBSI EDC JSON Schema (Draft 2020-12), both
  documents registered with ``referencing`` so no ``$ref`` goes to the network.
* :func:`shacl_report`: the ELM 3.2 SHACL shapes with pyshacl
  (``inference="none"``); the credential is parsed as JSON-LD by rdflib with
  every context inlined from the package's bundled copies, and the number of
  triples is returned so that callers can assert nothing was dropped.

``jsonschema``, ``referencing``, ``rdflib`` and ``pyshacl`` are test/tooling
requirements (``requirements-dev.txt``) and are imported lazily.
"""

from __future__ import annotations

import contextlib
import copy
import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any

from .edc import EDC_AP_CONTEXT, ISSUED_CONTEXT_DOCUMENT, ISSUED_CONTEXT_PATH
from .loader import get_context

EDC_SCHEMA_ID = (
    "https://mc-credentials.invalid/ebsi/vcdm2.0-europass-edc-schema/schema.json"
)
ATTESTATION_ID = (
    "https://mc-credentials.invalid/ebsi/vcdm2.0-europass-edc-schema/"
    "vcdm2.0-attestation-schema/schema.json"
)

#: Shapes files per profile (file names inside the ELM data folder).
PROFILES = {
    "generic": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl"),
    "mandate": ("EDC-issuedByMandate.ttl",),
    "supplement": ("EDC-diplomaSupplement.ttl",),
    "loq": ("LOQ-constraints.ttl",),
}


def inline_contexts(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` whose ``@context`` URLs are replaced by the bundled
    documents (never the network); unknown URLs raise ``UnknownContextError``."""
    out = copy.copy(doc)
    contexts = doc.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    inlined = []
    for ctx in contexts:
        if isinstance(ctx, str) and ctx.endswith(ISSUED_CONTEXT_PATH):
            inlined.append(ISSUED_CONTEXT_DOCUMENT["@context"])
        elif isinstance(ctx, str):
            inlined.append(get_context(ctx)["@context"])
        else:
            inlined.append(ctx)
    out["@context"] = inlined
    return out


@cache
def _validator(schema_dir: str):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    base = Path(schema_dir)
    edc = json.loads((base / "schema.json").read_text(encoding="utf-8"))
    attestation = json.loads((base / "attestation" / "schema.json").read_text("utf-8"))
    edc["$id"] = EDC_SCHEMA_ID
    attestation["$id"] = ATTESTATION_ID
    registry = Registry().with_resources(
        [
            (EDC_SCHEMA_ID, Resource.from_contents(edc)),
            (ATTESTATION_ID, Resource.from_contents(attestation)),
        ]
    )
    return Draft202012Validator(
        edc, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(doc: dict[str, Any], schema_dir: str | Path) -> list[str]:
    """Messages of every EBSI EDC JSON Schema violation (empty: valid)."""
    validator = _validator(str(schema_dir))
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(doc)
    ]


#: XPath/Java regular-expression syntax in the LOQ shapes that Python's ``re``
#: (used by pyshacl) cannot compile, with its Python spelling. The only class
#: affected (letters, letter numbers, digits inside an IPv6-literal host) becomes
#: ``\w``, which also admits ``_``; the inline ``(?i)`` becomes ``sh:flags "i"``.
_JAVA_REGEX = (("[%[\\p{L}\\p{Nl}\\p{Nd}]]", "[%\\w]"),)


def _python_patterns(graph) -> None:
    """Rewrite ``sh:pattern`` values in place so that Python's ``re`` compiles them."""
    import rdflib
    from rdflib.namespace import SH

    for shape, _p, pattern in list(graph.triples((None, SH.pattern, None))):
        text = str(pattern)
        new = text
        for java, python in _JAVA_REGEX:
            new = new.replace(java, python)
        if "(?i)" in new:
            new = new.replace("(?i)", "")
            graph.add((shape, SH.flags, rdflib.Literal("i")))
        if new != text:
            graph.set((shape, SH.pattern, rdflib.Literal(new)))


@cache
def _shapes(shapes_dir: str, profiles: tuple[str, ...]):
    import rdflib

    graph = rdflib.Graph()
    for profile in profiles:
        for name in PROFILES[profile]:
            graph.parse(str(Path(shapes_dir) / name), format="turtle")
    _python_patterns(graph)
    return graph


@contextlib.contextmanager
def _quiet_libraries():
    """rdflib's JSON-LD parser and pyshacl warn about their own internals
    (ConjunctiveGraph deprecation, regex nested sets): nothing a caller can act on,
    and Odoo's log would count them as failures."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        yield


def to_graph(doc: dict[str, Any]):
    """Parse a JSON-LD document (contexts inlined) into an rdflib graph."""
    import rdflib

    graph = rdflib.Graph()
    with _quiet_libraries():
        graph.parse(data=json.dumps(inline_contexts(doc)), format="json-ld")
    return graph


def shacl_report(
    doc: dict[str, Any], shapes_dir: str | Path, profiles=("generic",)
) -> tuple[bool, str, int]:
    """Validate with pyshacl: ``(conforms, report text, triple count)``."""
    from pyshacl import validate

    data = to_graph(doc)
    with _quiet_libraries():
        conforms, _graph, text = validate(
            data,
            shacl_graph=_shapes(str(shapes_dir), tuple(profiles)),
            inference="none",
            advanced=True,
        )
    return conforms, text, len(data)


__all__ = [
    "EDC_AP_CONTEXT",
    "inline_contexts",
    "schema_errors",
    "shacl_report",
    "to_graph",
]
