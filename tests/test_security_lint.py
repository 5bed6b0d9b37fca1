"""The static security checks stay blocking: pylint-odoo's sql-injection and
invalid-commit (and eval-used / exec-used, since pylint-odoo 10 has no
eval-referenced) are enabled in .pylintrc-mandatory, which pre-commit (`make lint`,
CI) runs on the addons without --exit-zero."""

import configparser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

BLOCKING = {"sql-injection", "invalid-commit", "eval-used", "exec-used"}


def test_security_checks_enabled_in_mandatory_rcfile():
    config = configparser.ConfigParser()
    config.read(ROOT / ".pylintrc-mandatory")
    section = config["MESSAGES CONTROL"]
    enabled = {name.strip() for name in section["enable"].split(",") if name.strip()}
    disabled = {name.strip() for name in section.get("disable", "").split(",")}
    assert BLOCKING <= enabled
    assert not BLOCKING & disabled
    assert "pylint_odoo" in config["MASTER"]["load-plugins"]


def test_mandatory_pylint_hook_blocks():
    hooks = {
        hook["id"]: hook
        for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())[
            "repos"
        ]
        for hook in repo["hooks"]
    }
    hook = hooks["pylint_odoo_mandatory"]
    assert "--rcfile=.pylintrc-mandatory" in hook["entry"]
    assert "--exit-zero" not in hook["entry"]
    assert hook["files"].startswith("^addons")
