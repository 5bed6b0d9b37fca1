"""RDF dataset canonicalisation (RDFC-1.0 / URDNA2015) via pyld, offline."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from pyld import jsonld

from .loader import UnknownContextError, document_loader

#: Vocabulary used to make undefined terms visible (see :func:`undefined_terms`).
UNDEFINED_VOCAB = "urn:mc-credentials:undefined-term:"


class CanonicalizationError(Exception):
    """Raised when a document cannot be canonicalised (bad JSON-LD, context)."""


class _ContextMemoProcessor(jsonld.JsonLdProcessor):
    """pyld's processor, remembering processed contexts across documents.

    pyld caches a processed context per *active context identity* (its
    ``_uuid``), but gives every type-scoped context (``propagate: false``, as
    in the VC and OB 3.0 contexts) a fresh child context with a new identity:
    the same few contexts are processed again for every node of every document
    (half the cost of signing). Here the result of processing a local context
    on an active context that already has an identity is remembered, keyed by
    that identity, the local context's content and the flags; processed
    contexts are never mutated afterwards (pyld's own cache relies on that),
    so the result is the same object pyld would have built. The official test
    vector and Digital Bazaar's verifier check the output (tests/).
    """

    _memo: ClassVar[dict[tuple, dict]] = {}
    _MEMO_SIZE = 2048

    def _process_context(self, active_ctx, local_ctx, options, **kwargs):
        identity = active_ctx.get("_uuid") if isinstance(active_ctx, dict) else None
        # "cycles": pyld validating a scoped context (result not used)
        if identity is None or "cycles" in kwargs:
            return super()._process_context(active_ctx, local_ctx, options, **kwargs)
        try:
            local_key = json.dumps(local_ctx, sort_keys=True)
        except (TypeError, ValueError):
            return super()._process_context(active_ctx, local_ctx, options, **kwargs)
        key = (
            identity,
            local_key,
            options.get("base", ""),
            options.get("processingMode"),
            tuple(sorted(kwargs.items())),
        )
        processed = self._memo.get(key)
        if processed is None:
            processed = super()._process_context(
                active_ctx, local_ctx, options, **kwargs
            )
            if len(self._memo) >= self._MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = processed
        return processed


def _options(**extra: Any) -> dict[str, Any]:
    opts: dict[str, Any] = {"documentLoader": document_loader, "base": ""}
    opts.update(extra)
    return opts


def canonize(document: dict[str, Any]) -> str:
    """Return the RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document.

    The offline document loader is always used.

    :raises CanonicalizationError: on any JSON-LD processing failure.
    """
    try:
        result = _ContextMemoProcessor().normalize(
            document,
            _options(algorithm="URDNA2015", format="application/n-quads"),
        )
    except Exception as exc:  # pyld raises JsonLdError and others
        raise CanonicalizationError(_describe(exc)) from exc
    if not isinstance(result, str):
        raise CanonicalizationError("canonicalisation did not produce N-Quads")
    return result


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """JSON-LD expansion with the offline loader.

    :raises CanonicalizationError: on any JSON-LD processing failure.
    """
    try:
        return _ContextMemoProcessor().expand(document, _options())
    except Exception as exc:
        raise CanonicalizationError(_describe(exc)) from exc


def _describe(exc: BaseException) -> str:
    """Flatten a (possibly chained) pyld error into one readable line."""
    parts: list[str] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, UnknownContextError):
            return str(cur)
        msg = cur.args[0] if cur.args else cur.__class__.__name__
        parts.append(str(msg).strip())
        nxt = cur.__cause__ or cur.__context__
        cur = nxt if isinstance(nxt, BaseException) else None
    return " <- ".join(p for p in parts if p) or exc.__class__.__name__


def undefined_terms(document: dict[str, Any]) -> list[str]:
    """List the terms of ``document`` that its contexts do not define.

    Such terms are silently dropped by JSON-LD canonicalisation, hence they are
    *not signed*. Detection: append a catch-all ``@vocab`` to the document's
    ``@context`` (allowed even with protected contexts, since it does not
    redefine a term) and expand; every property or type IRI that lands in that
    vocabulary was undefined. The result is a sorted list of unique term names
    (e.g. ``["foo", "type:Bar"]``; types are prefixed with ``type:``).

    :raises CanonicalizationError: if the document cannot be expanded at all.
    """
    ctx = document.get("@context", [])
    ctx_list = list(ctx) if isinstance(ctx, list) else [ctx]
    probe = dict(document)
    probe["@context"] = [*ctx_list, {"@vocab": UNDEFINED_VOCAB}]
    expanded = expand(probe)
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key.startswith(UNDEFINED_VOCAB):
                    found.add(key[len(UNDEFINED_VOCAB) :])
                if key == "@type":
                    types = value if isinstance(value, list) else [value]
                    for t in types:
                        if isinstance(t, str) and t.startswith(UNDEFINED_VOCAB):
                            found.add("type:" + t[len(UNDEFINED_VOCAB) :])
                if key != "@value":
                    walk(value)

    walk(expanded)
    return sorted(found)
