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


@pytest.fixture(scope="module")
def nginx_conf(root):
    return (root / "docker" / "nginx.conf").read_text()


def _odoo_conf(root, service):
    conf_mount = next(
        v for v in service["volumes"] if v.endswith("/etc/odoo/odoo.conf:ro")
    )
    return _host_path(root, conf_mount).read_text()


def _command(service):
    command = service["command"]
    return command if isinstance(command, list) else shlex.split(command)


def test_services_are_the_documented_topology(compose):
    assert set(compose["services"]) == {
        "db",
        "db-replica",
        "odoo",
        "odoo2",
        "nginx",
        "test",
    }


def test_db_is_postgres_with_healthcheck_and_named_volume(compose):
    db = compose["services"]["db"]
    assert re.fullmatch(r"postgres:1[56](\..*)?", db["image"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "db-data:/var/lib/postgresql/data" in db["volumes"]


@pytest.mark.parametrize("name", ["odoo", "odoo2"])
def test_odoo_nodes_mount_addons_read_only_and_publish_no_port(compose, root, name):
    odoo = compose["services"][name]
    # only nginx is reachable from the host, on loopback
    assert "ports" not in odoo
    volumes = odoo["volumes"]
    assert "./addons:/mnt/extra-addons:ro" in volumes
    text = _odoo_conf(root, odoo)
    assert re.search(r"^workers = 2$", text, re.M)
    assert re.search(r"^addons_path = /mnt/extra-addons$", text, re.M)
    assert re.search(r"^proxy_mode = True$", text, re.M)
    # both nodes share the filestore and sessions
    assert "odoo-data:/var/lib/odoo" in volumes


def test_odoo_reads_public_routes_from_the_replica(compose, root):
    text = _odoo_conf(root, compose["services"]["odoo"])
    primary = re.search(r"^db_host = (\S+)$", text, re.M).group(1)
    replica = re.search(r"^db_replica_host = (\S+)$", text, re.M).group(1)
    assert primary == "db" and replica == "db-replica"
    assert replica in compose["services"]
    assert re.search(r"^db_replica_port = 5432$", text, re.M)
    deps = compose["services"]["odoo"]["depends_on"]
    assert deps["db"]["condition"] == "service_healthy"
    assert deps["db-replica"]["condition"] == "service_healthy"


def test_replica_is_a_streaming_hot_standby_of_the_primary(compose, root):
    db, replica = compose["services"]["db"], compose["services"]["db-replica"]
    assert replica["image"] == db["image"]
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(replica["healthcheck"]["test"])
    script_mount = next(v for v in replica["volumes"] if v.startswith("./docker/"))
    target = script_mount.split(":")[1]
    assert target in " ".join(replica["entrypoint"])
    script = _host_path(root, script_mount).read_text()
    assert re.search(r"pg_basebackup .*-h \"\$PRIMARY_HOST\"", script)
    assert re.search(r"-R -X stream", script)
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    name = re.search(r"cluster_name=(\w+)", script).group(1)
    # the primary waits for this standby: synchronous replication of every commit
    command = " ".join(_command(db))
    assert f"synchronous_standby_names=FIRST 1 ({name})" in command
    assert "synchronous_commit=on" in command
    assert "wal_level=replica" in command
    # the replication role and its pg_hba line, created with the primary's cluster
    init_mount = next(v for v in db["volumes"] if v.startswith("./docker/"))
    assert ":/docker-entrypoint-initdb.d/" in init_mount
    init = _host_path(root, init_mount).read_text()
    assert "WITH REPLICATION LOGIN" in init
    assert "host replication replicator" in init
    assert (
        db["environment"]["POSTGRES_REPLICATION_PASSWORD"]
        == replica["environment"]["POSTGRES_REPLICATION_PASSWORD"]
    )


def test_second_node_serves_without_installing(compose):
    first, second = compose["services"]["odoo"], compose["services"]["odoo2"]
    assert "-i" in _command(first) and "-i" not in _command(second)
    assert second["build"] == first["build"]
    assert second["depends_on"]["odoo"]["condition"] == "service_healthy"


def test_nginx_balances_both_nodes_and_caches_public_documents(compose, nginx_conf):
    nginx = compose["services"]["nginx"]
    assert re.fullmatch(r"nginx:1\.\d+(\.\d+)?", nginx["image"])
    assert nginx["ports"] == ["127.0.0.1:8069:80"]
    assert "./docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    upstream = re.search(r"upstream odoo_http \{(.*?)\}", nginx_conf, re.S).group(1)
    assert set(re.findall(r"server (\w+):8069", upstream)) == {"odoo", "odoo2"}
    # the cached location covers status lists, DID documents and catalogue documents,
    # revalidates with If-None-Match and serves stale copies when the origin fails
    cached = re.search(r"location ~ \^/mc/\(([\w|]+)\)/ \{(.*?)\}", nginx_conf, re.S)
    assert set(cached.group(1).split("|")) == {"status", "issuers", "catalogue"}
    block = cached.group(2)
    assert "proxy_cache mc_public;" in block
    assert "proxy_cache_revalidate on;" in block
    stale = re.search(r"proxy_cache_use_stale ([^;]+);", block).group(1).split()
    assert {"error", "timeout", "http_502", "http_503", "http_504"} <= set(stale)
    assert re.search(
        r"proxy_cache_path /var/cache/nginx/mc .*keys_zone=mc_public:", nginx_conf
    )
    assert any(v.endswith(":/var/cache/nginx/mc") for v in nginx["volumes"])
    # the verification page is never cached by the proxy
    verify = re.search(r"location /mc/verify \{(.*?)\}", nginx_conf, re.S).group(1)
    assert "proxy_cache off;" in verify
    assert "X-Forwarded-Proto" in nginx_conf


def test_every_named_volume_is_declared(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], f"{name}: {source}"


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


def test_odoo_command_installs_the_addons(compose, root):
    command = compose["services"]["odoo"]["command"]
    addons = command[command.index("-i") + 1].split(",")
    for addon in addons:
        assert (root / "addons" / addon / "__manifest__.py").is_file()
