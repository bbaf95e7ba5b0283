-- Ticks until a key's block ends, or 0. KEYS[1] see block.lua; ARGV: now (ticks; negative: Redis TIME)
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
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
