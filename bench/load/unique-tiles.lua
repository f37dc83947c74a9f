-- wrk script: every request is a tile no cache holds (a minPrice value no other request used, small
-- enough that nearly every listing passes), round robin over TILES_FILE ("z x y" lines) of SOURCE.
-- At the end it prints the status counts, the latency percentiles, how many answers came later than
-- DEADLINE_MS + 100 ms, and how many 503/429 answers lacked Retry-After.
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  tiles = {}
  for line in io.lines(os.getenv("TILES_FILE")) do
    local z, x, y = line:match("(%d+) (%d+) (%d+)")
    tiles[#tiles + 1] = "/tiles/" .. os.getenv("SOURCE") .. "/" .. z .. "/" .. x .. "/" .. y .. ".pbf?minPrice="
  end
  n = 0
  statuses = {}
  shed = 0
  shed_without_retry = 0
end

request = function()
  n = n + 1
  -- Threads take turns in value space (offset, offset + 16, ...): no two requests share a value.
  return wrk.format("GET", tiles[(n % #tiles) + 1] .. (offset + n * 16), {["Accept-Encoding"] = "gzip, br"})
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 503 or status == 429 then
    shed = shed + 1
    if headers["Retry-After"] == nil and headers["retry-after"] == nil then
      shed_without_retry = shed_without_retry + 1
    end
  end
end

done = function(summary, latency, requests)
  local totals, shed_all, missing = {}, 0, 0
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    shed_all = shed_all + t:get("shed")
    missing = missing + t:get("shed_without_retry")
  end
  local line = ""
  for status, count in pairs(totals) do line = line .. " " .. status .. ":" .. count end
  -- Answers within late_us: the highest rank r whose latency is within it; percentile() at
  -- (r - 0.5) / count * 100 is the r-th smallest latency of the run.
  local late_us = (tonumber(os.getenv("DEADLINE_MS")) + 100) * 1000
  local count = summary.requests - summary.errors.timeout
  local lo, hi = 0, count
  while lo < hi do
    local mid = math.floor((lo + hi + 1) / 2)
    if latency:percentile((mid - 0.5) / count * 100) <= late_us then lo = mid else hi = mid - 1 end
  end
  io.write(string.format("statuses%s\n", line))
  io.write(string.format("p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms  answers %d  socket errors %d (timeouts %d)\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.timeout))
  io.write(string.format("later than deadline + 100 ms (%d ms): %d;  503/429: %d, without Retry-After: %d\n",
    late_us / 1000, count - lo, shed_all, missing))
end
