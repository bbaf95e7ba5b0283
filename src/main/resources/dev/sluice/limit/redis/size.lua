-- Members of a capped set with at least one live lease.
-- KEYS[1] leases, KEYS[2] holders (see acquire.lua); ARGV: now (ticks; negative: Redis TIME)
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  for _, lease in ipairs(expired) do
    local m = string.sub(lease, 1, string.find(lease, '\n', 1, true) - 1)
    if redis.call('HINCRBY', KEYS[2], m, -1) <= 0 then
      redis.call('HDEL', KEYS[2], m)
    end
  end
end
return redis.call('HLEN', KEYS[2])
