-- Adds a holder of a member of a capped set, as a lease. One call, atomic.
-- KEYS[1] leases: sorted set of "member\nholder" scored by lease expiry (ticks)
-- KEYS[2] holders: hash member -> number of live holders; its length is the set's size
-- ARGV: now (ticks; negative: use Redis TIME in microseconds), member, holder, cap, lease (ticks), key TTL (ms)
-- Returns 0 ADDED, 1 PRESENT, 2 FULL.
local now = now_ticks(ARGV[1])
purge(KEYS[1], KEYS[2], now)
local member, lease = ARGV[2], ARGV[2] .. '\n' .. ARGV[3]
local expiry = now + tonumber(ARGV[5])
local result = 1
if redis.call('ZSCORE', KEYS[1], lease) then
  redis.call('ZADD', KEYS[1], int(expiry), lease)
elseif redis.call('HEXISTS', KEYS[2], member) == 1 then
  redis.call('ZADD', KEYS[1], int(expiry), lease)
  redis.call('HINCRBY', KEYS[2], member, 1)
elseif redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then
  return 2
else
  redis.call('ZADD', KEYS[1], int(expiry), lease)
  redis.call('HINCRBY', KEYS[2], member, 1)
  result = 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return result
