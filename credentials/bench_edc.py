"""Benchmark: European Digital Credentials built and sealed per second (one core),
next to a raw ES256 signature in the same run.

Builds the joint micro-credential EDC of the tests (three institutions, every
Annex I element, two languages) and seals it (JAdES baseline-B, ES256) with a
test-CA certificate; then times ``verify_sealed``.

    python bench_edc.py            # ~10 s
    python bench_edc.py --quick    # ~2 s
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "tests"))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from edc_samples import award  # noqa: E402

from mc_credentials import edc, jades, test_ca  # noqa: E402


def rate(label: str, func, seconds: float) -> float:
    """Call ``func`` for about ``seconds``; print and return calls per second."""
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        func()
        count += 1
    per_second = count / (time.perf_counter() - start)
    print(f"{label:<40} {per_second:10.1f} /s")
    return per_second


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    seconds = 0.6 if parser.parse_args(argv).quick else 3.0
    ca_key, ca = test_ca.make_test_ca("University A", "DE")
    key, chain = test_ca.issue_test_seal(ca_key, ca, "University A", "DE")
    data = award()
    sealed = jades.seal(edc.build_joint_edc(data), key, chain)
    print(f"sealed EDC size: {len(sealed['payload'])} bytes of payload")
    raw = rate(
        "raw ES256 signature",
        lambda: key.sign(b"x" * 2048, ec.ECDSA(hashes.SHA256())),
        seconds,
    )
    built = rate(
        "EDC built (joint, no seal)", lambda: edc.build_joint_edc(data), seconds
    )
    both = rate(
        "EDC built + sealed (ES256)",
        lambda: jades.seal(edc.build_joint_edc(data), key, chain),
        seconds,
    )
    rate(
        "sealed EDC verified (chain, expiry)",
        lambda: jades.verify_sealed(sealed, [ca]),
        seconds,
    )
    print(f"built+sealed / raw signature: {both / raw:.2f}; build alone {built:.0f}/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
