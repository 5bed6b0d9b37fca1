"""The pure-Python parts of the benchmark harness (scripts/bench/stats.py)."""

import sys
from pathlib import Path

import pytest

# not from conftest: credentials/tests has a conftest module too (same pytest run)
ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "scripts" / "bench"))

import stats  # noqa: E402

WRK_TEXT = """\
Running 2s test @ http://127.0.0.1:8069/web/health
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.07ms    1.12ms  18.90ms   85.11%
    Req/Sec     1.98k   150.22     2.20k    72.50%
  Latency Distribution
     50%    3.90ms
     75%  512.00us
     90%    1.50s
     99%    1.00m
  7904 requests in 2.00s, 1.55MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:   3951.40
Transfer/sec:    793.77KB
"""

LUA_LINE = (
    'MCJSON {"requests": 100, "duration_us": 2000000, "bytes": 1, "non_2xx": 7, '
    '"errors": {"connect": 1, "read": 0, "write": 0, "status": 5, "timeout": 0}, '
    '"latency_us": {"50": 1500, "95": 4000, "99": 9000}, '
    '"latency_mean_us": 1.0, "latency_max_us": 9}'
)


def test_wrk_durations_in_ms():
    assert stats.duration_ms("512.00us") == pytest.approx(0.512)
    assert stats.duration_ms("1.20ms") == pytest.approx(1.2)
    assert stats.duration_ms("3.45s") == pytest.approx(3450)
    assert stats.duration_ms("1.50m") == pytest.approx(90000)
    with pytest.raises(ValueError):
        stats.duration_ms("fast")


def test_wrk_text_report():
    res = stats.parse_wrk_text(WRK_TEXT)
    assert res["requests"] == 7904
    assert res["seconds"] == pytest.approx(2.0)
    assert res["rps"] == pytest.approx(3951.40)
    assert res["percentiles"] == {
        50.0: pytest.approx(3.9),
        75.0: pytest.approx(0.512),
        90.0: pytest.approx(1500),
        99.0: pytest.approx(60000),
    }
    assert res["non_2xx_3xx"] == 5
    assert res["socket_errors"] == {"connect": 0, "read": 3, "write": 1, "timeout": 2}
    assert stats.errors_total(res) == 11


def test_wrk_report_without_latency_or_errors():
    text = "  10 requests in 1.00s, 1KB read\nRequests/sec:     10.00\n"
    res = stats.parse_wrk_text(text)
    assert res["percentiles"] == {}
    assert stats.errors_total(res) == 0


def test_lua_line_wins_over_text():
    res = stats.parse_wrk_text(WRK_TEXT + LUA_LINE + "\n")
    assert res["requests"] == 100
    assert res["rps"] == pytest.approx(50.0)
    assert res["percentiles"][95.0] == pytest.approx(4.0)
    assert res["percentiles"][99.0] == pytest.approx(9.0)
    # strict count: 3xx are failures too, and socket errors add up
    assert stats.errors_total(res) == 8


def test_lua_script_reports_p95():
    lua = (ROOT / "scripts" / "bench" / "report.lua").read_text()
    assert "latency:percentile(p)" in lua
    assert "95" in lua and stats.MARKER.strip() in lua


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0, 1), (50, 5.5), (90, 9.1), (95, 9.55), (99, 9.91), (100, 10)],
)
def test_percentile_interpolates_like_numpy(p, expected):
    assert stats.percentile(range(1, 11), p) == pytest.approx(expected)


def test_percentile_edge_cases():
    assert stats.percentile([7], 99) == 7
    assert stats.percentile([3, 1, 2], 50) == 2  # unsorted input
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def test_summarize():
    s = stats.summarize([4.0, 1.0, 3.0, 2.0])
    assert s["n"] == 4
    assert s["min"] == 1.0 and s["max"] == 4.0
    assert s["p50"] == pytest.approx(2.5)
    assert s["mean"] == pytest.approx(2.5)


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


def test_rate_lines_of_other_bench_scripts():
    text = (
        "issue + sign, joint award (3 proofs per credential)          41.3 "
        "credentials/s  (200 in 4.84 s)\n"
        "  = proofs                                                  123.9 "
        "signatures/s  (600 in 4.84 s)\n"
        "noise line\n"
    )
    rows = stats.parse_rate_lines(text)
    assert [r["label"] for r in rows] == [
        "issue + sign, joint award (3 proofs per credential)",
        "= proofs",
    ]
    assert rows[0]["per_second"] == pytest.approx(41.3)
    assert rows[1]["unit"] == "signatures"
    assert rows[1]["count"] == 600 and rows[1]["seconds"] == pytest.approx(4.84)


def test_close_delimited_responses_are_not_read_errors():
    line = (
        'MCJSON {"requests": 10, "duration_us": 1000000, "bytes": 1, "non_2xx": 0, '
        '"eof_bodies": 10, "errors": {"connect": 0, "read": 12, "write": 0, '
        '"status": 0, "timeout": 0}, "latency_us": {"50": 1}, '
        '"latency_mean_us": 1.0, "latency_max_us": 1}'
    )
    res = stats.parse_wrk_text(line)
    assert res["socket_errors"]["read"] == 2  # two real read errors remain
    assert stats.errors_total(res) == 2


def test_key_value_lines_of_other_bench_scripts():
    text = (
        "certificate median: 0.412 s/PDF\n"
        "simplest report median (web.action_report_internalpreview): 0.300 s/PDF\n"
        "ratio: 1.37x (target <= 2x)\n"
        "awards/second: 1,234.5\n"
        "SQL queries: 9001 (9.00 per award)\n"
        "machine: Intel Xeon, 2 cores\n"
    )
    values = stats.parse_key_values(text)
    assert values["certificate median"] == pytest.approx(0.412)
    assert values["ratio"] == pytest.approx(1.37)
    assert values["awards/second"] == pytest.approx(1234.5)
    assert values["SQL queries"] == 9001
    assert values["simplest report median (web.action_report_internalpreview)"] == (
        pytest.approx(0.3)
    )
    assert "machine" not in values
