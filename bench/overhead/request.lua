-- wrk script for bench/overhead.sh: the same request again and again (METHOD, URL_PATH, KEY, BODY from the
-- environment; no KEY: no Authorization header). done() prints "RESULT requests=… errors=… p50_ms=… p99_ms=…",
-- where an error is a status other than EXPECT.
local method = os.getenv("METHOD") or "GET"
local path = os.getenv("URL_PATH")
local key = os.getenv("KEY") or ""
local body = os.getenv("BODY")
local expect = tonumber(os.getenv("EXPECT") or "200")

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function init(args) errors = 0 end

function request()
  local headers = {["Accept"] = "application/json"}
  if key ~= "" then headers["Authorization"] = "Bearer " .. key end
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

function response(status, headers, b)
  if status ~= expect then errors = errors + 1 end
end

function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("errors") end
  io.write(string.format("RESULT requests=%d errors=%d p50_ms=%.2f p99_ms=%.2f\n", summary.requests, e,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
