"""``mc-verify``: offline command-line verifier for employers.

Exit codes: 0 valid, 1 invalid, 2 usage error (bad arguments, unreadable
keys or status list file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .verify import make_resolver, parse_datetime, verify_credential

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mc-verify",
        description="Verify an Open Badges 3.0 / W3C Verifiable Credential "
        "offline (eddsa-rdfc-2022 proofs, proof sets, Bitstring Status List).",
    )
    p.add_argument("credential", help="credential JSON file ('-' for stdin)")
    p.add_argument(
        "--keys",
        help="JSON file: {verificationMethod: publicKeyMultibase} or controller "
        "document(s) with Multikey verificationMethod entries (did:key needs none)",
    )
    p.add_argument(
        "--status-list",
        action="append",
        default=[],
        help="status list credential JSON file (repeatable; a file may hold a list)",
    )
    p.add_argument(
        "--expect-issuer",
        action="append",
        default=[],
        help="controller id that must have signed (joint-award partner; repeatable)",
    )
    p.add_argument("--now", help="reference time (ISO 8601), default: now")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return p


def _read_json(path: str) -> Any:
    if path == "-":
        return json.load(sys.stdin)
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the verifier; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or usage error (2)
        return EXIT_VALID if exc.code == 0 else EXIT_USAGE
    try:
        resolver = make_resolver(_read_json(args.keys) if args.keys else None)
        lists: dict[str, Any] = {}
        for path in args.status_list:
            data = _read_json(path)
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    lists[item["id"]] = item
        now = parse_datetime(args.now) if args.now else None
    except (OSError, ValueError) as exc:
        print(f"mc-verify: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.credential == "-":
            raw: Any = sys.stdin.buffer.read()
        else:
            raw = Path(args.credential).read_bytes()
    except OSError as exc:
        print(f"mc-verify: error: cannot read credential: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = verify_credential(
        raw,
        resolver,
        fetch_status_list=lists.get if args.status_list else None,
        now=now,
        expected_issuers=args.expect_issuer,
    )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for check in report.checks:
            mark = "-" if check.skipped else ("✓" if check.ok else "✗")
            print(f"{mark} {check.name}: {check.message}")
        print("VALID" if report.ok else "INVALID")
    return EXIT_VALID if report.ok else EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
