-- Ends one holder's lease on a member; the member leaves with its last holder. Idempotent.
-- KEYS[1] leases, KEYS[2] holders (see acquire.lua); ARGV: member, holder
if redis.call('ZREM', KEYS[1], ARGV[1] .. '\n' .. ARGV[2]) == 1 then
  if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then
    redis.call('HDEL', KEYS[2], ARGV[1])
  end
end
return 0
