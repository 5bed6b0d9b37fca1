"""The pure-Python parts of the bench (scripts/bench/stats.py), its phase list
(harness.py) and its report (report.py)."""

import sys
from pathlib import Path

import pytest

# not from conftest: credentials/tests has a conftest module too (same pytest run)
ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "scripts" / "bench"))

import stats  # noqa: E402

LUA_LINE = (
    'MCJSON {"requests": 100, "duration_us": 2000000, "bytes": 1, "non_2xx": 7, '
    '"errors": {"connect": 1, "read": 0, "write": 0, "status": 5, "timeout": 0}, '
    '"latency_us": {"50": 1500, "95": 4000, "99": 9000}, '
    '"latency_mean_us": 1.0, "latency_max_us": 9}'
)


def test_wrk_report_of_the_lua_script():
    res = stats.parse_wrk("Running 2s test @ http://127.0.0.1/\n  " + LUA_LINE + "\n")
    assert res["requests"] == 100
    assert res["seconds"] == pytest.approx(2.0)
    assert res["rps"] == pytest.approx(50.0)
    assert res["p50_ms"] == pytest.approx(1.5)
    assert res["p95_ms"] == pytest.approx(4.0)
    assert res["p99_ms"] == pytest.approx(9.0)
    # strict count: 3xx are failures too, and socket errors add up
    assert res["errors"] == 8


def test_wrk_that_did_not_run_has_no_figures():
    res = stats.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")
    assert res == {"errors": None}


def test_lua_script_reports_p95():
    lua = (ROOT / "scripts" / "bench" / "report.lua").read_text()
    assert "latency:percentile(p)" in lua
    assert "95" in lua and stats.MARKER.strip() in lua


def test_ratio():
    assert stats.ratio(30.0, 10.0) == pytest.approx(3.0)
    assert stats.ratio(None, 10.0) is None
    assert stats.ratio(3.0, 0) is None


def test_memory_growth_ignores_warmup_and_catches_leaks():
    # caches fill early, then stable: no growth
    assert stats.memory_growth([100, 150, 150, 151, 150, 149, 150, 150, 150, 150]) == (
        pytest.approx(0.0, abs=0.01)
    )
    # steady leak: +50 %
    leak = [100 + 5 * i for i in range(11)]
    assert stats.memory_growth(leak) == pytest.approx(40 / 110)  # windows of 3
    # RSS breathing with each request is not growth
    breathing = [234, 260, 259, 241, 260, 249, 260, 256, 260]
    assert stats.memory_growth(breathing) == pytest.approx(0.0, abs=0.01)
    assert stats.memory_growth([100, 120]) == pytest.approx(0.2)
    with pytest.raises(ValueError):
        stats.memory_growth([100])


def test_flat_cost():
    assert stats.flat_cost({100: 12.0, 1000: 12.2, 10000: 12.5})
    assert not stats.flat_cost({100: 12.0, 1000: 20.0, 10000: 120.0})
    assert stats.flat_cost({100: 5.0})


def test_fmt():
    assert stats.fmt(None) == "—"
    assert stats.fmt(1234.567, 1, "ms") == "1,234.6 ms"
    assert stats.fmt(10000) == "10,000"


def test_close_delimited_responses_are_not_read_errors():
    line = (
        'MCJSON {"requests": 10, "duration_us": 1000000, "bytes": 1, "non_2xx": 0, '
        '"eof_bodies": 10, "errors": {"connect": 0, "read": 12, "write": 0, '
        '"status": 0, "timeout": 0}, "latency_us": {"50": 1}, '
        '"latency_mean_us": 1.0, "latency_max_us": 1}'
    )
    res = stats.parse_wrk(line)
    assert res["socket_errors"]["read"] == 2  # two real read errors remain
    assert res["errors"] == 2


def test_mcjson_lines_of_the_jobs():
    out = 'noise\nMCJSON {"size": 5}\nMCJSON {"progress": 2, "x": [1]}\nMCJSON-ish\n'
    assert stats.mcjson(out) == [{"size": 5}, {"progress": 2, "x": [1]}]
    assert stats.mcjson("") == []


def test_count_files(tmp_path):
    assert stats.count_files(tmp_path / "missing") == 0
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_text("x")
    (tmp_path / "g").write_text("y")
    assert stats.count_files(tmp_path) == 2


def test_every_phase_is_one_function_in_the_registry():
    """The phase list of harness.py: unique names, callables, known modes; the fast
    variants of `make test` are in it; the report has a section or a generic table."""
    import harness
    import report

    names = [name for name, _fn, _modes in harness.PHASES]
    assert len(names) == len(set(names))
    assert all(callable(fn) for _n, fn, _m in harness.PHASES)
    known = {"full", "fast", "drill"}
    assert all(set(modes) <= known for _n, _f, modes in harness.PHASES)
    fast = {name for name, _fn, modes in harness.PHASES if "fast" in modes}
    assert {"generate", "issuing", "load", "soak", "fault_kill"} <= fast
    drill = {name for name, _fn, modes in harness.PHASES if "drill" in modes}
    assert {"generate", "replica_drill"} <= drill
    full = {name for name, _fn, modes in harness.PHASES if "full" in modes}
    # the benches of issues #16-#20 are phases of the one full run
    assert {
        "replica_load",
        "db_size",
        "recognition",
        "result_import",
        "invoicing",
    } <= full
    assert set(harness.FULL) == set(harness.FAST) == set(harness.DRILL)
    results = {
        "phases": {
            name: {"status": "ok", "note": "", "figures": {}, "checks": []}
            for name in [*names, "new_phase"]
        }
    }
    results["phases"]["new_phase"]["figures"] = {"rows_imported": 10000}
    results["phases"]["invoicing"]["checks"] = [
        {"name": "#20: 1000 places invoiced < 30 s", "ok": False, "detail": "41.5"}
    ]
    text = report.render(results)
    assert "| new_phase | rows_imported | 10000 |" in text
    # a missed target is a failed check, listed with the targets
    assert "| invoicing | #20: 1000 places invoiced < 30 s | 41.5 | **NO** |" in text
    names.remove("invoicing")
    assert all(f"| {name} | ok | 0/0 |" in text for name in names)
