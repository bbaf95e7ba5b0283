-- Admits one request to a fixed window: at most permits per window, windows aligned to the period on the epoch.
-- KEYS[1] hash: w (window index), c (admitted in it)
-- ARGV: now (script units; negative: Redis TIME in microseconds), permits, period (script units), TTL floor (ms),
--       script units per ms
-- Returns 0 when admitted (and recorded), else the script units until the next window starts.
local now = now_ticks(ARGV[1])
local permits, period = tonumber(ARGV[2]), tonumber(ARGV[3])
local index = math.floor(now / period)
local r = redis.call('HMGET', KEYS[1], 'w', 'c')
local window, count = index, 0
if r[1] then
  window, count = tonumber(r[1]), tonumber(r[2])
  -- A caller whose clock reads behind counts in the latest window, never in an old one.
  if index > window then window, count = index, 0 end
end
if count >= permits then
  return (window + 1) * period - now
end
redis.call('HSET', KEYS[1], 'w', int(window), 'c', int(count + 1))
redis.call('PEXPIRE', KEYS[1], int(math.ceil(((window + 1) * period - now) / tonumber(ARGV[5])) + tonumber(ARGV[4])))
return 0
