-- wrk: the same POST over and over (for requests that need no fresh input: a JWT-SVID with the workload's
-- access token, an RFC 8693 exchange of one subject token). Env: REQUEST_PATH, BODY, CONTENT_TYPE (default form),
-- AUTHORIZATION (optional header value). Counts 200s as ok.
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  ok = 0
  failed = 0
  local headers = { ["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/x-www-form-urlencoded" }
  local authorization = os.getenv("AUTHORIZATION")
  if authorization ~= nil and authorization ~= "" then headers["Authorization"] = authorization end
  prepared = wrk.format("POST", os.getenv("REQUEST_PATH"), headers, os.getenv("BODY"))
end

function request() return prepared end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, t in ipairs(threads) do good = good + t:get("ok"); bad = bad + t:get("failed") end
  io.write(string.format("RESULT requests=%d ok=%d failed=%d exhausted=0 rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, good, bad, good / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
