-- Members of a capped set with at least one live lease.
-- KEYS[1] leases, KEYS[2] holders (see acquire.lua); ARGV: now (ticks; negative: Redis TIME)
local now = now_ticks(ARGV[1])
purge(KEYS[1], KEYS[2], now)
return redis.call('HLEN', KEYS[2])
