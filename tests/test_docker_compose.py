"""Docker cannot run on the CI machines: check the compose file statically instead.

Every file, folder and command that docker-compose.yml (and the Dockerfile it builds)
refers to must exist in the repository, and the services must be wired as documented.
"""

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def root():
    return ROOT


@pytest.fixture(scope="module")
def compose(root):
    return yaml.safe_load((root / "docker-compose.yml").read_text())


def _host_path(root, volume):
    source = volume.split(":", 1)[0]
    return root / source if source.startswith(".") else None


def test_services_are_the_documented_three(compose):
    assert set(compose["services"]) == {"db", "odoo", "test"}


def test_db_is_postgres_with_healthcheck_and_named_volume(compose):
    db = compose["services"]["db"]
    assert re.fullmatch(r"postgres:1[56](\..*)?", db["image"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    named = [v.split(":", 1)[0] for v in db["volumes"]]
    assert all(name in compose["volumes"] for name in named)


def test_odoo_service_binds_loopback_mounts_addons_read_only(compose, root):
    odoo = compose["services"]["odoo"]
    assert odoo["ports"] == ["127.0.0.1:8069:8069"]
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    volumes = odoo["volumes"]
    assert "./addons:/mnt/extra-addons:ro" in volumes
    conf_mount = next(v for v in volumes if v.endswith("/etc/odoo/odoo.conf:ro"))
    conf = _host_path(root, conf_mount)
    assert conf.is_file()
    text = conf.read_text()
    assert re.search(r"^workers = 2$", text, re.M)
    assert re.search(r"^addons_path = /mnt/extra-addons$", text, re.M)


def test_every_referenced_host_path_exists(compose, root):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            path = _host_path(root, volume)
            if path is not None:
                assert path.exists(), f"{name}: {volume} refers to a missing path"
        build = service.get("build")
        if build:
            context = root / build["context"]
            assert (context / build["dockerfile"]).is_file(), name


def test_dockerfile_builds_on_odoo_18_and_copies_existing_files(compose, root):
    build = compose["services"]["odoo"]["build"]
    dockerfile = (root / build["context"] / build["dockerfile"]).read_text()
    assert re.search(r"^FROM odoo:18\.0$", dockerfile, re.M)
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.M):
        *sources, _dest = shlex.split(line)
        for source in sources:
            assert (root / build["context"] / source).exists(), f"COPY {source}"


def test_test_service_runs_the_ci_test_command(compose, root):
    test = compose["services"]["test"]
    assert test["command"] == ["make", "test"]
    assert test["environment"]["CI"] == "true"
    makefile = (root / "Makefile").read_text()
    assert re.search(r"^test:", makefile, re.M)
    assert (root / "scripts" / "test.sh").is_file()
    ci = (root / ".ci" / "run").read_text()
    assert "make test" in ci and "make lint" in ci


def test_odoo_command_installs_both_addons(compose, root):
    command = compose["services"]["odoo"]["command"]
    addons = command[command.index("-i") + 1].split(",")
    for addon in addons:
        assert (root / "addons" / addon / "__manifest__.py").is_file()
