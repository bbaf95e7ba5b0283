-- Blocks a key until now + delta; a later block extends it, an earlier one does not shorten it.
-- KEYS[1] string: the block's end (ticks); ARGV: now (ticks; negative: Redis TIME), delta (ticks), key TTL (ms)
local now = now_ticks(ARGV[1])
local untilTicks = now + tonumber(ARGV[2])
local current = redis.call('GET', KEYS[1])
if not current or untilTicks > tonumber(current) then
  redis.call('SET', KEYS[1], int(untilTicks), 'PX', ARGV[3])
end
return 0
