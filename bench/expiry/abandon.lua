-- wrk script for bench/expiry.sh: each connection reserves with a short TTL and never commits or releases: an agent
-- that crashed after reserving. delay() paces each connection (DELAY_MS between requests), so the abandoned-hold
-- rate is about connections × 1000 / (DELAY_MS + latency). Keys rotate over the seeded agents.
local keys = {}
for line in io.lines(os.getenv("KEYS_FILE")) do keys[#keys + 1] = line end

local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  threads[#threads + 1] = thread
end

local body = '{"provider":"openai","model":"gpt-4o-mini","estimated_cost_usd":"0.001","ttl_seconds":'
    .. os.getenv("TTL") .. '}'

function init(args)
  conns = tonumber(os.getenv("CONNS"))
  pause = tonumber(os.getenv("DELAY_MS"))
  slot = tid - 1 + 500 -- the other half of the keys from the pairs load's first ones
  held, errors = 0, 0
end

function delay()
  return pause
end

function request()
  local key = keys[(slot % #keys) + 1]
  slot = slot + conns
  return wrk.format("POST", "/v1/reservations", {["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json", ["Accept"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 201 and string.find(body, '"decision":"ALLOWED"', 1, true) then held = held + 1
  else errors = errors + 1 end
end

function done(summary, latency, requests)
  local h, e = 0, 0
  for _, t in ipairs(threads) do h = h + t:get("held"); e = e + t:get("errors") end
  io.write(string.format("RESULT abandoned=%d errors=%d\n", h, e))
end
