-- wrk at a fixed offered rate: RATE requests/s in total, split evenly over THREADS wrk threads.
-- wrk alone sends as fast as answers come back, so each server's tail is measured at its own
-- saturation, with wrk fighting it for the cores; pacing compares servers at the same rate.
-- Each request gets the next free slot on its thread's schedule; a late thread does not catch up
-- in a burst, so the achieved rate falls below RATE when a server cannot keep up.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clock, paced_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("paced_timespec")
local interval_ms, next_slot

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

function init(args)
  interval_ms = tonumber(os.getenv("THREADS") or "2") * 1000 / tonumber(os.getenv("RATE"))
end

-- wrk waits whole milliseconds, so each wait is rounded; the schedule itself keeps its rate.
function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now then next_slot = now end
  next_slot = next_slot + interval_ms
  return math.floor(next_slot - now + 0.5)
end
