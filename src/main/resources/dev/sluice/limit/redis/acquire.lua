-- Adds a holder of a member of a capped set, as a lease. One call, atomic.
-- KEYS[1] leases: sorted set of "member\nholder" scored by lease expiry (ticks)
-- KEYS[2] holders: hash member -> number of live holders; its length is the set's size
-- ARGV: now (ticks; negative: use Redis TIME in microseconds), member, holder, cap, lease (ticks), key TTL (ms)
-- Returns 0 ADDED, 1 PRESENT, 2 FULL.
-- Integers as plain digits: Redis may format a Lua number argument in exponent notation.
local function int(x) return string.format('%.0f', x) end
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
-- Expired leases (a dead node's, or a paused node's) leave first, so their room is reusable.
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
