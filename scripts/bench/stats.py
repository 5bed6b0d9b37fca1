"""Pure helpers of the bench harness: wrk output, percentiles, ratios, memory growth.

No Odoo, no database: the repository tests (tests/test_bench_harness.py) cover them.
"""

from __future__ import annotations

import json
import math
import re

# wrk prints durations with a unit: 512.00us, 1.20ms, 3.45s, 1.50m, 2.00h.
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
_DURATION = re.compile(r"^\s*([0-9.]+)\s*(us|ms|s|m|h)\s*$")
MARKER = "MCJSON "


def duration_ms(text: str) -> float:
    """'1.20ms' -> 1.2; '512.00us' -> 0.512; '3.45s' -> 3450.0."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


def parse_wrk_text(text: str) -> dict:
    """Figures of wrk's human-readable report (wrk 4.x, with or without --latency).

    Returns requests, seconds, rps, percentiles {50: ms, ...} (only with --latency),
    non_2xx_3xx, socket error counts and the MCJSON line of our Lua script, if any.
    """
    out: dict = {
        "requests": None,
        "seconds": None,
        "rps": None,
        "percentiles": {},
        "non_2xx_3xx": 0,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }
    for line in text.splitlines():
        stripped = line.strip()
        m = re.match(r"^(\d+) requests in ([0-9.]+\w+),", stripped)
        if m:
            out["requests"] = int(m.group(1))
            out["seconds"] = duration_ms(m.group(2)) / 1000.0
            continue
        m = re.match(r"^Requests/sec:\s+([0-9.]+)", stripped)
        if m:
            out["rps"] = float(m.group(1))
            continue
        m = re.match(r"^(\d+(?:\.\d+)?)%\s+([0-9.]+\w+)$", stripped)
        if m:
            out["percentiles"][float(m.group(1))] = duration_ms(m.group(2))
            continue
        m = re.match(r"^Non-2xx or 3xx responses:\s+(\d+)", stripped)
        if m:
            out["non_2xx_3xx"] = int(m.group(1))
            continue
        m = re.match(
            r"^Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
            stripped,
        )
        if m:
            out["socket_errors"] = dict(
                zip(
                    ("connect", "read", "write", "timeout"),
                    map(int, m.groups()),
                    strict=True,
                )
            )
            continue
        if stripped.startswith(MARKER):
            out["lua"] = json.loads(stripped[len(MARKER) :])
    lua = out.get("lua")
    if lua:
        # The Lua report is exact (wrk's own histogram, any percentile, strict 2xx).
        out["requests"] = lua["requests"]
        out["seconds"] = lua["duration_us"] / 1e6
        out["rps"] = lua["requests"] / out["seconds"] if out["seconds"] else 0.0
        out["percentiles"] = {
            float(k): v / 1000.0 for k, v in lua["latency_us"].items()
        }
        out["non_2xx"] = lua["non_2xx"]
        out["eof_bodies"] = lua.get("eof_bodies", 0)
        out["socket_errors"] = {
            k: lua["errors"][k] for k in ("connect", "read", "write", "timeout")
        }
        # wrk counts a read error for each response whose end is the server closing
        # the connection (no Content-Length): the response arrived whole and was
        # counted (status checked above), so those read errors are not failures.
        out["socket_errors"]["read"] = max(
            0, out["socket_errors"]["read"] - out["eof_bodies"]
        )
    return out


_RATE_LINE = re.compile(
    r"^(?P<label>\S.*?)\s+(?P<rate>[0-9][0-9.,]*)\s+(?P<unit>[\w ]+?)/s\s+"
    r"\((?P<count>\d+) in (?P<seconds>[0-9.]+) s\)\s*$"
)


def parse_rate_lines(text: str) -> list[dict]:
    """Lines like 'issue + sign, joint award   41.3 credentials/s  (200 in 4.84 s)'
    (the other parts' bench scripts) as dicts."""
    rows = []
    for line in text.splitlines():
        m = _RATE_LINE.match(line.strip())
        if m:
            rows.append(
                {
                    "label": m.group("label").strip(),
                    "per_second": float(m.group("rate").replace(",", "")),
                    "unit": m.group("unit").strip(),
                    "count": int(m.group("count")),
                    "seconds": float(m.group("seconds")),
                }
            )
    return rows


_KEY_VALUE = re.compile(
    r"^(?P<key>[A-Za-z][\w ./()-]*?)\s*:\s+(?P<value>-?[0-9][0-9,]*\.?[0-9]*)"
)


def parse_key_values(text: str) -> dict:
    """Lines like 'certificate median: 0.412 s/PDF' or 'ratio: 1.31x (target <= 2x)'
    as {'certificate median': 0.412, 'ratio': 1.31} (the first number of the line)."""
    values = {}
    for line in text.splitlines():
        m = _KEY_VALUE.match(line.strip())
        if m:
            values[m.group("key").strip()] = float(m.group("value").replace(",", ""))
    return values


def errors_total(result: dict) -> int:
    """Every failed exchange of a wrk run: socket errors and non-2xx responses."""
    bad = result.get("non_2xx", result.get("non_2xx_3xx", 0)) or 0
    return bad + sum(result.get("socket_errors", {}).values())


def percentile(values, p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between closest ranks
    (numpy's default 'linear' method). Raises ValueError on an empty sequence."""
    data = sorted(values)
    if not data:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile out of range: {p}")
    rank = (len(data) - 1) * p / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(data[low])
    return data[low] + (data[high] - data[low]) * (rank - low)


def summarize(values) -> dict:
    """min / p50 / p95 / p99 / max / mean of a list of timings."""
    data = list(values)
    return {
        "n": len(data),
        "min": min(data),
        "p50": percentile(data, 50),
        "p95": percentile(data, 95),
        "p99": percentile(data, 99),
        "max": max(data),
        "mean": sum(data) / len(data),
    }


def ratio(value: float | None, reference: float | None) -> float | None:
    """value / reference, None when either is missing or the reference is zero."""
    if value is None or not reference:
        return None
    return value / reference


def memory_growth(samples, warmup_fraction: float = 0.2, min_window: int = 3) -> float:
    """Relative growth of memory over a soak, e.g. 0.04 for +4 %.

    `samples` are total RSS readings in time order. The baseline is the highest
    reading in the warm-up window (the first `warmup_fraction` of the samples, at
    least `min_window` but at most half of them), the end value the highest reading
    in the same-sized final window: a worker that fills its caches early, or whose
    RSS breathes with each request, is not a leak; steady growth is.
    """
    data = list(samples)
    if len(data) < 2:
        raise ValueError("memory growth needs at least two samples")
    window = min(max(min_window, int(len(data) * warmup_fraction)), len(data) // 2)
    baseline = max(data[:window])
    final = max(data[-window:])
    if baseline <= 0:
        raise ValueError("memory baseline must be positive")
    return (final - baseline) / baseline


def flat_cost(per_item: dict, tolerance: float = 0.5) -> bool:
    """True when the cost per item at the largest size is no more than (1 + tolerance)
    times the cost at the smallest size: {100: 12.0, 1000: 12.1, 10000: 12.3}."""
    sizes = sorted(per_item)
    if len(sizes) < 2:
        return True
    first, last = per_item[sizes[0]], per_item[sizes[-1]]
    if not first:
        return not last
    return last <= first * (1 + tolerance)


def fmt(value, digits: int = 1, unit: str = "") -> str:
    """A figure for the Markdown report ('—' when missing)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".rstrip()
