-- wrk script: every request registers a new identity with a unique name (thread id + counter).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  created = 0
  token = os.getenv("LANYARD_TOKEN")
  prefix = os.getenv("NAME_PREFIX") or ""  -- set it differently on each run that must not repeat names
end

function request()
  counter = counter + 1
  local body = string.format('{"name":"%sb%d-%d","kind":"agent","owner":"alice","purpose":"benchmark"}', prefix, tid, counter)
  return wrk.format("POST", "/t/default/v1/identities",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("created") end
  io.write(string.format("created=%d\n", total))
  for _, p in ipairs({ 50, 90, 99 }) do
    io.write(string.format("p%d_ms=%.2f\n", p, latency:percentile(p) / 1000.0))
  end
end
