-- Reserves credits ahead from a counter that never passes max: grants min(want, ceil((max - used) / 2)) and adds
-- the grant in the same step (see LimitState.reserve). KEYS[1] counter; ARGV: want, max, idle TTL (ms)
-- Returns the credits granted (0 when the counter is at or past max).
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local want, max = tonumber(ARGV[1]), tonumber(ARGV[2])
local left = max - used
if left <= 0 or want <= 0 then
  return 0
end
local grant = math.min(want, left - math.floor(left / 2))
redis.call('INCRBY', KEYS[1], int(grant))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return grant
