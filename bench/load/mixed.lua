-- wrk script for the mixed load (mixed-load.sh): the tiles a map asks for around where the listings
-- are. Each request picks a centre from CENTRES ("lon lat" lines of sampled listings, so dense areas
-- come up as often as they are dense), a zoom uniformly in MINZOOM..MAXZOOM and one tile of jitter
-- either way (a viewport's edge). A map draws two layers, so from ZIP_MINZOOM on (zip_areas' minzoom:
-- below it the source has no tiles and a map does not ask) half the requests are the ZIP polygons
-- tile and half the listings tile; below it, all are listings. Filters belong to the listings source,
-- so a listings request carries one with the probability that makes FILTER_SHARE of all requests
-- filtered, drawn from a menu of what a map's filter panel offers (only filters the config declares).
-- Every request says Accept-Encoding like a browser. No response() callback: wrk then skips parsing
-- headers into Lua, which keeps the client's CPU (it shares the cores with the server) down; status
-- and cache counts come from the server's meters instead.
-- done() prints req/s, p50/p90/p95/p99/p99.9/max, socket errors (timeouts included) and answers with
-- status >= 400, as "key value" lines mixed-load.sh reads, and the request mix the threads sent.
local FILTERS = {
  "minPrice=100000", "minPrice=300000", "minPrice=500000", "maxPrice=400000", "maxPrice=800000",
  "minPrice=200000&maxPrice=600000", "beds=2", "beds=3", "beds=4", "baths=2", "baths=3",
  "type=house", "type=condo", "type=house,townhouse", "status=active", "status=pending",
  "minPrice=200000&maxPrice=600000&beds=3", "beds=3&type=house&status=active",
}

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local centres, minzoom, maxzoom, zipmin, listings_filter_p
local headers = {["Accept-Encoding"] = "gzip, deflate, br"}

function init(args)
  minzoom = tonumber(os.getenv("MINZOOM") or "4")
  maxzoom = tonumber(os.getenv("MAXZOOM") or "16")
  zipmin = tonumber(os.getenv("ZIP_MINZOOM") or "6")
  local share = tonumber(os.getenv("FILTER_SHARE") or "0.30")
  -- Expected share of listings requests: every request below zipmin, half of those from it on.
  local zooms = maxzoom - minzoom + 1
  local below = math.max(0, math.min(zooms, zipmin - minzoom))
  local listings_share = (below + (zooms - below) / 2) / zooms
  listings_filter_p = share / listings_share
  -- Web Mercator fractions (0..1) of each centre, computed once.
  centres = {}
  for line in io.lines(os.getenv("CENTRES")) do
    local lon, lat = line:match("^%s*(%S+)%s+(%S+)")
    if lon then
      local r = math.rad(tonumber(lat))
      centres[#centres + 1] = {(tonumber(lon) + 180) / 360,
        (1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2}
    end
  end
  -- Each thread its own fixed sequence: runs are repeatable, threads do not ask in lockstep.
  math.randomseed(tonumber(os.getenv("SEED") or "42") + index * 7919)
  sent, filtered, zip = 0, 0, 0
end

local function clamp(v, n)
  if v < 0 then return 0 elseif v >= n then return n - 1 end
  return v
end

request = function()
  local c = centres[math.random(#centres)]
  local z = math.random(minzoom, maxzoom)
  local n = 2 ^ z
  local x = clamp(math.floor(c[1] * n) + math.random(-1, 1), n)
  local y = clamp(math.floor(c[2] * n) + math.random(-1, 1), n)
  local path
  sent = sent + 1
  if z >= zipmin and math.random() < 0.5 then
    zip = zip + 1
    path = "/tiles/zip_areas/" .. z .. "/" .. x .. "/" .. y .. ".pbf"
  else
    path = "/tiles/listings/" .. z .. "/" .. x .. "/" .. y .. ".pbf"
    if math.random() < listings_filter_p then
      filtered = filtered + 1
      path = path .. "?" .. FILTERS[math.random(#FILTERS)]
    end
  end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local s, f, zp = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    f = f + t:get("filtered")
    zp = zp + t:get("zip")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.2f\n", seconds))
  io.write(string.format("req_per_s %.0f\n", summary.requests / seconds))
  io.write(string.format("mb_per_s %.1f\n", summary.bytes / seconds / 1e6))
  io.write(string.format("p50_ms %.2f\np90_ms %.2f\np95_ms %.2f\np99_ms %.2f\np999_ms %.2f\nmax_ms %.2f\n",
    ms(50), ms(90), ms(95), ms(99), ms(99.9), latency.max / 1000))
  io.write(string.format("mean_ms %.2f\nstdev_ms %.2f\n", latency.mean / 1000, latency.stdev / 1000))
  io.write(string.format("socket_errors %d\nconnect_errors %d\nread_errors %d\nwrite_errors %d\ntimeouts %d\n",
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("status_errors %d\n", e.status))
  -- The mix as sent (requests written, a few more than answered: the ones in flight at the end).
  io.write(string.format("mix_sent %d\nmix_zip_share %.3f\nmix_filtered_share %.3f\n", s, zp / s, f / s))
end
