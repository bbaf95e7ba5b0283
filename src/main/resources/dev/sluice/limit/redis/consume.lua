-- Takes permits from a greedy token bucket in exact integer units (see TokenBucket of the memory store: a token
-- is perToken units, a tick refills perTick units). Lua numbers are doubles, exact below 2^53; the caller refuses
-- parameters whose capacity in units reaches that.
-- KEYS[1] bucket: hash u (units), l (last refill, ticks), c (capacity), k (perToken), r (perTick)
-- ARGV: now (ticks; negative: Redis TIME in microseconds), permits, capacity, perToken, perTick,
--       ticks per ms, TTL floor (ms)
-- Returns 0 when taken, else the ticks until the permits would be available (nothing taken).
local now = now_ticks(ARGV[1])
local permits, capacity = tonumber(ARGV[2]), tonumber(ARGV[3])
local perToken, perTick = tonumber(ARGV[4]), tonumber(ARGV[5])
local capUnits = capacity * perToken
local b = redis.call('HMGET', KEYS[1], 'u', 'l', 'c', 'k', 'r')
local units, last = capUnits, now
if b[1] then
  units, last = tonumber(b[1]), tonumber(b[2])
  local oldCap, oldPerToken, oldPerTick = tonumber(b[3]), tonumber(b[4]), tonumber(b[5])
  local elapsed = now - last
  if elapsed > 0 then
    last = now
    local missing = oldCap * oldPerToken - units
    -- elapsed * perTick >= missing is elapsed > floor(missing / perTick) without a rounded division.
    if elapsed * oldPerTick >= missing then
      units = oldCap * oldPerToken
    else
      units = units + elapsed * oldPerTick
    end
  end
  if oldCap ~= capacity or oldPerToken ~= perToken or oldPerTick ~= perTick then
    -- A plan was reloaded: whole tokens carry over, clamped to the new capacity.
    local whole = math.floor(units / oldPerToken)
    if whole * oldPerToken > units then whole = whole - 1 end
    units = math.min(whole, capacity) * perToken
  end
end
local function ceildiv(a, d)
  local q = math.ceil(a / d)
  if (q - 1) * d >= a then q = q - 1 elseif q * d < a then q = q + 1 end
  return q
end
local need = permits * perToken
local wait = 0
if units >= need then
  units = units - need
else
  wait = ceildiv(need - units, perTick) + (last - now)
end
redis.call('HSET', KEYS[1], 'u', int(units), 'l', int(last), 'c', int(capacity), 'k', int(perToken),
  'r', int(perTick))
-- A missing bucket is a full one, so the key may go exactly when it would be full again.
local toFull = ceildiv(capUnits - units, perTick)
redis.call('PEXPIRE', KEYS[1], int(ceildiv(toFull, tonumber(ARGV[6])) + tonumber(ARGV[7])))
return wait
