-- Ticks until a key's block ends, or 0. KEYS[1] see block.lua; ARGV: now (ticks; negative: Redis TIME)
local now = now_ticks(ARGV[1])
local current = redis.call('GET', KEYS[1])
if not current then
  return 0
end
local remaining = tonumber(current) - now
if remaining > 0 then
  return remaining
end
redis.call('DEL', KEYS[1])
return 0
