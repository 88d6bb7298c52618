-- wrk script for bench/ledger.sh: each connection (one per wrk thread, -t = -c) alternates
-- POST /v1/reservations and POST /v1/reservations/{id}/commit, one pair after the other, with its own API keys:
-- connection i uses keys i, i+C, i+2C, ... of the seeded 1,000 in turn. Counts pairs (a 200 commit after a 201
-- ALLOWED reserve), denials and errors per thread; done() prints them as "pairs=… denied=… errors=…".
local keys = {}
for line in io.lines(os.getenv("KEYS_FILE")) do keys[#keys + 1] = line end

local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  threads[#threads + 1] = thread
end

local reserve_body = '{"provider":"openai","model":"gpt-4o-mini","estimated_cost_usd":"0.001"}'
local commit_body = '{"actual_cost_usd":"0.0009"}'

function init(args)
  conns = tonumber(os.getenv("CONNS"))
  slot = tid - 1
  pairs_done, denied, errors = 0, 0, 0
  pending = nil
end

local function key()
  return keys[(slot % #keys) + 1]
end

function request()
  local headers = {["Authorization"] = "Bearer " .. key(), ["Content-Type"] = "application/json",
                   ["Accept"] = "application/json"}
  if pending then
    return wrk.format("POST", "/v1/reservations/" .. pending .. "/commit", headers, commit_body)
  end
  return wrk.format("POST", "/v1/reservations", headers, reserve_body)
end

function response(status, headers, body)
  if pending then
    if status == 200 then pairs_done = pairs_done + 1 else errors = errors + 1 end
    pending = nil
    slot = slot + conns -- next pair with this connection's next key
  elseif status == 201 then
    if string.find(body, '"decision":"DENIED"', 1, true) or string.find(body, '"decision":"denied"', 1, true) then
      denied = denied + 1
    else
      pending = string.match(body, '"id":"(rsv_[^"]+)"')
      if not pending then errors = errors + 1 end
    end
  else
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local p, d, e = 0, 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("pairs_done"); d = d + t:get("denied"); e = e + t:get("errors")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT pairs=%d denied=%d errors=%d seconds=%.2f pairs_per_s=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    p, d, e, secs, p / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
