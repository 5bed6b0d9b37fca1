"""Benchmark: eddsa-rdfc-2022 signatures/sec and verifications/sec (one core).

Uses a realistic joint micro-credential (OB 3.0, ~100 RDF statements) and
times ``create_proof`` (canonicalise + sign) and ``verify_credential`` with a
single proof (shape incl. undefined-term check, proof, validity).

    python bench.py            # ~10 s
    python bench.py --quick    # ~2 s
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mc_credentials.credential import build_open_badge_credential
from mc_credentials.keys import KeyPair
from mc_credentials.proof import create_proof, sign, verify_proof
from mc_credentials.verify import verify_credential


def realistic_credential(issuer_id: str) -> dict:
    """A credential like the ones the Odoo addons issue."""
    return build_open_badge_credential(
        {
            "issuer": {
                "id": issuer_id,
                "name": "University A",
                "url": "https://uni-a.example",
                "other_identifiers": [
                    {"identifier": "D BERLIN01", "identifierType": "ext:ErasmusCode"}
                ],
            },
            "valid_from": "2025-01-01T00:00:00Z",
            "recipient": {"email": "student@example.org"},
            "achievement": {
                "id": "https://uni-a.example/achievements/ai-101",
                "name": {"en": "Applied AI", "de": "Angewandte KI"},
                "description": {"en": "Hands-on AI.", "de": "Praktische KI."},
                "criteria": "Pass the exam.",
                "credits": 5,
                "eqf_level": 6,
                "field_of_study": "Computer science",
                "result_description": {"name": "Grade", "allowed_values": ["A", "B"]},
                "skills": [
                    {"name": "machine learning", "url": "http://data.europa.eu/esco/s"}
                ],
            },
            "credits_earned": 5,
            "results": [{"value": "A"}],
            "status": {
                "list_credential": "https://uni-a.example/status/1",
                "index": 4242,
            },
            "language_mode": "value-objects",
        }
    )


def _rate(fn, seconds: float) -> tuple[float, int]:
    fn()  # warm caches (contexts)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        n += 1
    return n / (time.perf_counter() - start), n


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run (~2 s)")
    args = parser.parse_args(argv)
    seconds = 0.7 if args.quick else 3.0
    kp = KeyPair.generate_did_key()
    cred = realistic_credential(kp.verification_method.split("#")[0])
    signed = sign(cred, kp.private_key, kp.verification_method)
    resolver = {kp.verification_method: kp.public_key}.get

    sig_rate, sig_n = _rate(
        lambda: create_proof(cred, kp.private_key, kp.verification_method), seconds
    )
    proof = signed["proof"][0]  # proof is an array (OB 3.0 JSON Schema)
    assert verify_proof(signed, proof, kp.public_key).ok
    proof_rate, proof_n = _rate(
        lambda: verify_proof(signed, proof, kp.public_key), seconds
    )
    full_rate, full_n = _rate(lambda: verify_credential(signed, resolver), seconds)
    assert verify_credential(signed, resolver).ok
    print(f"signatures/sec:                  {sig_rate:8.1f}  ({sig_n} runs)")
    print(f"verifications/sec (proof only):  {proof_rate:8.1f}  ({proof_n} runs)")
    print(f"verifications/sec (full report): {full_rate:8.1f}  ({full_n} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
