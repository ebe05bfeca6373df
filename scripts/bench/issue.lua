-- wrk: POST client_credentials token requests, each with its own pre-signed private_key_jwt assertion
-- (thread N of T takes lines N, N+T, N+2T, … of $ASSERTIONS; a line "CLIENT_ID ASSERTION" names its own client).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(os.getenv("THREADS") or "2")
  assertions = {}
  local n = 0
  for line in io.lines(os.getenv("ASSERTIONS")) do
    if n % total == index then table.insert(assertions, line) end
    n = n + 1
  end
  client_id = os.getenv("CLIENT_ID")
  scope = os.getenv("SCOPE") or "read"
  position = 0
  ok = 0
  failed = 0
  exhausted = 0
end

function request()
  position = position + 1
  local assertion = assertions[position]
  local client = client_id
  if assertion == nil then
    exhausted = exhausted + 1
    assertion = "exhausted"
  elseif assertion:find(" ") then  -- "CLIENT_ID ASSERTION": many identities (scripts/bench-posture)
    client, assertion = assertion:match("^(%S+) (%S+)$")
  end
  local body = "grant_type=client_credentials&client_id=" .. client ..
    "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer" ..
    "&scope=" .. scope .. "&client_assertion=" .. assertion
  return wrk.format("POST", os.getenv("PATH_PREFIX") .. "/oauth2/token",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
  -- STOP_WHEN_DRY=1: the thread stops once its assertions are all sent (scripts/bench-posture) instead of
  -- counting the requests past the end as exhausted.
  if os.getenv("STOP_WHEN_DRY") == "1" and position >= #assertions then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local good, bad, dry = 0, 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok"); bad = bad + t:get("failed"); dry = dry + t:get("exhausted")
  end
  io.write(string.format("RESULT requests=%d ok=%d failed=%d exhausted=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, good, bad, dry, good / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
