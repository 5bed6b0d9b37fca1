-- wrk script of the bench: counts every response that is not 2xx (wrk's own count
-- ignores 3xx) and prints one machine-readable line at the end (stats.parse_wrk):
--   MCJSON {"requests": ..., "latency_us": {"50": ..., "95": ...}, ...}
-- With MC_WRK_PATHS=<file of URL paths>, requests cycle through those paths (e.g. the
-- verification pages of many awards) instead of the command-line URL.
local threads, paths = {}, {}
local paths_file = os.getenv("MC_WRK_PATHS")
if paths_file and paths_file ~= "" then
  for line in io.lines(paths_file) do
    if line ~= "" then table.insert(paths, line) end
  end
end
if #paths > 0 then
  local i = 0
  request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
  end
end

function setup(thread) table.insert(threads, thread) end

function init(args) non_2xx, eof_bodies = 0, 0 end

-- A response without Content-Length (nor chunked encoding) ends when the server closes
-- the connection: wrk then also counts a socket "read error" although the response
-- arrived whole. Count them, so that the harness can tell the two apart.
function response(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
  if not (headers["Content-Length"] or headers["content-length"] or headers["Transfer-Encoding"]) then
    eof_bodies = eof_bodies + 1
  end
end

function done(summary, latency, requests)
  local bad, eof, parts, e = 0, 0, {}, summary.errors
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non_2xx") or 0)
    eof = eof + (thread:get("eof_bodies") or 0)
  end
  for _, p in ipairs({50, 75, 90, 95, 99, 99.9}) do
    table.insert(parts, string.format('"%s": %d', tostring(p), latency:percentile(p)))
  end
  io.write(string.format(
    'MCJSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, "eof_bodies": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {%s}, "latency_mean_us": %.1f, "latency_max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, bad, eof,
    e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(parts, ", "), latency.mean, latency.max))
end
