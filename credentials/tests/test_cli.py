"""The mc-verify command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import KEY_A, NOW, key_documents, signed_joint, status_lists

from mc_credentials.cli import main
from mc_credentials.keys import KeyPair
from mc_credentials.proof import sign

PKG = Path(__file__).resolve().parents[1]


def _write(tmp: Path, name: str, data) -> str:
    path = tmp / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_valid_joint_credential(tmp_path, capsys):
    cred = _write(tmp_path, "c.json", signed_joint())
    keys = _write(tmp_path, "k.json", {"controllers": key_documents()})
    lists = _write(tmp_path, "s.json", list(status_lists().values()))
    rc = main([cred, "--keys", keys, "--status-list", lists, "--now", NOW])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "✓ proof:did:web:uni-b.example#key-1" in out
    assert out.strip().endswith("VALID")


def test_keys_as_multibase_map_and_json_output(tmp_path, capsys):
    keys = {
        d["verificationMethod"][0]["id"]: d["verificationMethod"][0][
            "publicKeyMultibase"
        ]
        for d in key_documents()
    }
    cred = _write(tmp_path, "c.json", signed_joint())
    rc = main([cred, "--keys", _write(tmp_path, "k.json", keys), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert rc == 0 and report["ok"] is True
    assert [c["name"] for c in report["checks"]][0] == "shape"


def test_invalid_credential_exit_1(tmp_path, capsys):
    cred = signed_joint()
    cred["name"] = "Forged"
    path = _write(tmp_path, "c.json", cred)
    keys = _write(tmp_path, "k.json", key_documents())
    assert main([path, "--keys", keys]) == 1
    assert "✗ proof:" in capsys.readouterr().out


def test_revoked_exit_1(tmp_path):
    cred = _write(tmp_path, "c.json", signed_joint())
    keys = _write(tmp_path, "k.json", key_documents())
    lists = list(status_lists(revoked=[42]).values())
    args = [cred, "--keys", keys, "--now", NOW]
    for lst in lists:
        args += ["--status-list", _write(tmp_path, lst["id"][-1] + ".json", lst)]
    assert main(args) == 1


def test_usage_errors_exit_2(tmp_path):
    assert main([]) == 2
    assert main([str(tmp_path / "missing.json")]) == 2
    cred = _write(tmp_path, "c.json", signed_joint())
    assert main([cred, "--keys", str(tmp_path / "nokeys.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    assert main([cred, "--keys", str(bad)]) == 2
    assert main([cred, "--now", "yesterday"]) == 2


def test_malformed_credential_exit_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\xff garbage")
    assert main([str(bad)]) == 1


def test_did_key_needs_no_keys_file_via_subprocess(tmp_path):
    kp = KeyPair.generate_did_key()
    cred = {k: v for k, v in signed_joint().items() if k not in ("proof", "evidence")}
    cred.pop("credentialStatus")
    cred["issuer"] = dict(cred["issuer"], id=kp.verification_method.split("#")[0])
    path = _write(
        tmp_path, "c.json", sign(cred, kp.private_key, kp.verification_method)
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mc_credentials", path],
        capture_output=True,
        text=True,
        cwd=PKG,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ shape" in proc.stdout
    assert KEY_A  # keys module shared with other tests
