-- wrk script for bench/load/cold-tiles.sh: every tile of TILES_FILE ("z x y" lines) of SOURCE is
-- requested exactly once. Thread k of THREADS takes lines k+1, k+1+THREADS, ... and its
-- connections walk that slice; so no tile is asked twice and, on a fresh server with an empty L2,
-- every answer is a miss (counted from X-Cache below, not assumed).
--
-- wrk itself only stops after -d, and reports requests / -d. So this script keeps its own clock
-- (CLOCK_MONOTONIC through LuaJIT's FFI): from a thread's first tile request to its last tile
-- answer. When a thread has its answers it writes DONE_DIR/<k> and stops; cold-tiles.sh then sends
-- wrk SIGINT, so the run lasts as long as the tiles take. A connection that asks again after the
-- slice is used up gets GET /health (no database, no cache), which is not counted as a tile.
--
-- ACCEPT_ENCODING: the Accept-Encoding header to send, or empty for none (an identity client).
-- At the end it prints one "RESULT key=value ..." line that cold-tiles.sh parses.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } coldbench_timespec;
  int clock_gettime(int clock, coldbench_timespec *ts);
  unsigned long pthread_self(void);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("coldbench_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

-- wrk runs setup() and init() on its main thread, and also calls request() there once, on the
-- first thread's state, to check the script (script_verify_request); that call is not a request
-- that will be sent, so it must not use up a tile. Requests really sent are made on the thread's
-- own pthread.
local function pthread()
  return tostring(ffi.C.pthread_self())
end

local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(os.getenv("THREADS"))
  local source = os.getenv("SOURCE")
  local encoding = os.getenv("ACCEPT_ENCODING") or ""
  headers = {}
  if encoding ~= "" then headers["Accept-Encoding"] = encoding end
  slice = {}
  local i = 0
  for line in io.lines(os.getenv("TILES_FILE")) do
    if i % count == offset then
      local z, x, y = line:match("(%d+) (%d+) (%d+)")
      slice[#slice + 1] = "/tiles/" .. source .. "/" .. z .. "/" .. x .. "/" .. y .. ".pbf"
    end
    i = i + 1
  end
  sent, answered, bytes = 0, 0, 0
  first, last = 0, 0
  statuses, xcache, encodings = {}, {}, {}
  main_pthread = pthread()
end

request = function()
  if sent < #slice and pthread() ~= main_pthread then
    sent = sent + 1
    if sent == 1 then first = now() end
    return wrk.format("GET", slice[sent], headers)
  end
  return wrk.format("GET", "/health")
end

response = function(status, headers, body)
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == nil then return end -- /health
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  xcache[cache] = (xcache[cache] or 0) + 1
  local enc = headers["Content-Encoding"] or headers["content-encoding"] or "identity"
  encodings[enc] = (encodings[enc] or 0) + 1
  bytes = bytes + #body
  if answered == #slice then
    last = now()
    local f = io.open(os.getenv("DONE_DIR") .. "/" .. offset, "w")
    f:write(answered, "\n")
    f:close()
    wrk.thread:stop()
  end
end

local function merge(into, from)
  for k, v in pairs(from) do into[k] = (into[k] or 0) + v end
end

local function show(map)
  local parts = {}
  for k, v in pairs(map) do parts[#parts + 1] = k .. ":" .. v end
  table.sort(parts)
  return table.concat(parts, ",")
end

done = function(summary, latency, requests)
  local tiles, total_bytes, t0, t1 = 0, 0, math.huge, 0
  local st, xc, en = {}, {}, {}
  for _, t in ipairs(threads) do
    tiles = tiles + t:get("answered")
    total_bytes = total_bytes + t:get("bytes")
    local f, l = t:get("first"), t:get("last")
    if f > 0 and f < t0 then t0 = f end
    if l > t1 then t1 = l end
    merge(st, t:get("statuses"))
    merge(xc, t:get("xcache"))
    merge(en, t:get("encodings"))
  end
  local seconds = t1 - t0
  -- Latency percentiles are wrk's, over every answer (the few /health fillers included).
  io.write(string.format(
    "RESULT tiles=%d seconds=%.3f rate=%.1f mean_bytes=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f"
      .. " socket_errors=%d statuses=%s xcache=%s encodings=%s\n",
    tiles, seconds, seconds > 0 and tiles / seconds or 0, tiles > 0 and total_bytes / tiles or 0,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    show(st), show(xc), show(en)))
end
