"""Pure helpers of the bench: wrk's report, ratios, memory growth, the MCJSON lines
of the jobs. No Odoo, no database: tests/test_bench_harness.py covers them.
"""

import json
import socket
import time
from pathlib import Path

MARKER = "MCJSON "
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


def mcjson(text: str) -> list[dict]:
    """The MCJSON lines of a job's output (odoo_job.emit) or of wrk, as dicts."""
    n = len(MARKER)
    return [
        json.loads(x[n:]) for x in map(str.strip, text.splitlines()) if x[:n] == MARKER
    ]


def parse_wrk(text: str) -> dict:
    """The figures of a wrk run from the MCJSON line of report.lua (wrk's own
    histogram: exact percentiles; every non-2xx response counted): requests,
    seconds, rps, p50_ms, p75_ms..., non_2xx, socket_errors and errors (their sum).
    Without such a line (wrk did not run), errors is None."""
    lines = mcjson(text)
    if not lines:
        return {"errors": None}
    lua = lines[-1]
    seconds = lua["duration_us"] / 1e6
    errors = {k: lua["errors"][k] for k in SOCKET_ERRORS}
    # wrk counts a read error for each response that ends with the server closing
    # the connection (no Content-Length): it arrived whole and its status was
    # checked, so those read errors are not failures.
    errors["read"] = max(0, errors["read"] - lua.get("eof_bodies", 0))
    return {
        "requests": lua["requests"],
        "seconds": seconds,
        "rps": lua["requests"] / seconds if seconds else 0.0,
        **{
            f"p{k.removesuffix('.0')}_ms": v / 1000
            for k, v in lua["latency_us"].items()
        },
        "non_2xx": lua["non_2xx"],
        "socket_errors": errors,
        "errors": lua["non_2xx"] + sum(errors.values()),
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
    baseline, final = max(data[:window]), max(data[-window:])
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
    return last <= first * (1 + tolerance) if first else not last


def fmt(value, digits: int = 1, unit: str = "") -> str:
    """A figure for the Markdown report ('—' when missing)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"
    return f"{text} {unit}".rstrip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def count_files(path) -> int:
    path = Path(path)
    return sum(f.is_file() for f in path.rglob("*")) if path.exists() else 0


def raw_ed25519_rate(seconds: float = 1.0) -> float:
    """Raw Ed25519 signatures per second on one core (the credentials reference)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key, n, start = Ed25519PrivateKey.generate(), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        key.sign(b"x" * 64)
        n += 1
    return n / (time.perf_counter() - start)
