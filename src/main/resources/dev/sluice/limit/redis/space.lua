-- Spacing between requests of different holders of one key.
-- KEYS[1] hash: h (holder of the latest allowed request), t (its time, ticks)
-- ARGV: now (ticks; negative: Redis TIME), holder, interval (ticks), key TTL (ms)
-- Returns 0 when allowed (and recorded), else the ticks still to wait.
local now = now_ticks(ARGV[1])
local interval = tonumber(ARGV[3])
local r = redis.call('HMGET', KEYS[1], 'h', 't')
local last = now
if r[1] then
  last = tonumber(r[2])
  local since = now - last
  if r[1] ~= ARGV[2] and since < interval then
    return interval - since
  end
  -- The latest time never moves back: a caller whose clock reads behind cannot shorten others' spacing.
  if since > 0 then last = now end
end
redis.call('HSET', KEYS[1], 'h', ARGV[2], 't', int(last))
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 0
