-- wrk script: reads one identity by name with an admin token.
function init(args)
  token = os.getenv("LANYARD_TOKEN")
end

function request()
  return wrk.format("GET", "/t/default/v1/identities/bench-read", { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  for _, p in ipairs({ 50, 90, 99 }) do
    io.write(string.format("p%d_ms=%.2f\n", p, latency:percentile(p) / 1000.0))
  end
end
