-- wrk: AuthZEN requests from $BODIES (one JSON body per line), cycling, to $ENDPOINT with a PEP bearer token.
-- Counts decisions (occurrences of "decision": in 200 answers), so batches count every item.
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("BODIES")) do table.insert(bodies, line) end
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("PEP_TOKEN") }
  path = os.getenv("ENDPOINT")
  position = 0
  decisions = 0
  failed = 0
end

function request()
  position = position % #bodies + 1
  return wrk.format("POST", path, headers, bodies[position])
end

function response(status, headers, body)
  if status == 200 then
    local _, n = string.gsub(body, '"decision":', "")
    decisions = decisions + n
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, t in ipairs(threads) do good = good + t:get("decisions"); bad = bad + t:get("failed") end
  io.write(string.format("RESULT requests=%d failed=%d decisions=%d requests_per_s=%.1f decisions_per_s=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, bad, good, summary.requests / (summary.duration / 1e6), good / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
