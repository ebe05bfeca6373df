-- wrk: RFC 7662 introspection of tokens from $TOKENS (one per line), cycling, with an admin bearer token.
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("TOKENS")) do table.insert(tokens, line) end
  bearer = "Bearer " .. os.getenv("LANYARD_TOKEN")
  position = 0
  active = 0
  other = 0
end

function request()
  position = position % #tokens + 1
  return wrk.format("POST", os.getenv("PATH_PREFIX") .. "/oauth2/introspect",
    { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = bearer },
    "token=" .. tokens[position])
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"active":true', 1, true) then active = active + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, t in ipairs(threads) do good = good + t:get("active"); bad = bad + t:get("other") end
  io.write(string.format("RESULT requests=%d ok=%d failed=%d exhausted=0 rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, good, bad, good / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
