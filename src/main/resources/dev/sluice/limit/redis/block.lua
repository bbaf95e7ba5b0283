-- Blocks a key until now + delta; a later block extends it, an earlier one does not shorten it.
-- KEYS[1] string: the block's end (ticks); ARGV: now (ticks; negative: Redis TIME), delta (ticks), key TTL (ms)
-- Integers as plain digits: Redis may format a Lua number argument in exponent notation.
local function int(x) return string.format('%.0f', x) end
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local untilTicks = now + tonumber(ARGV[2])
local current = redis.call('GET', KEYS[1])
if not current or untilTicks > tonumber(current) then
  redis.call('SET', KEYS[1], int(untilTicks), 'PX', ARGV[3])
end
return 0
