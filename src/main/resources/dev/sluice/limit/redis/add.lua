-- Adds to a counter and keeps it while it is used. KEYS[1] counter; ARGV: delta, idle TTL (ms)
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return total
