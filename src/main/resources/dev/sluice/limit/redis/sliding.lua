-- Admits one request to an exact sliding window (see SlidingLog of the window package, whose rules this follows):
-- the times of the admissions still inside the window, oldest first, as 4-byte big-endian tick numbers modulo 2^32.
-- A period is at most 2^30 - 1 ticks, so every live age is a signed 32-bit difference. An admission is recorded at
-- its time rounded up to a tick and judged against now rounded down: it leaves the window one tick late at worst,
-- never early.
-- KEYS[1] hash: e (the log), l (latest time seen, script units), k (tick, script units), p (period, ticks)
-- ARGV: now (script units; negative: Redis TIME in microseconds), permits, tick, period (ticks), TTL floor (ms),
--       script units per ms
-- Returns 0 when admitted (and recorded), else the script units until a request would be (nothing recorded).
local now = now_ticks(ARGV[1])
local permits, tick, period = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local WRAP = 4294967296
local r = redis.call('HMGET', KEYS[1], 'e', 'l', 'k', 'p')
local log, latest = r[1] or '', tonumber(r[2] or now)
local at = now
if #log > 0 and now < latest then at = latest end
local nowTick = math.floor(at / tick)
if #log > 0 and (tonumber(r[3]) ~= tick or tonumber(r[4]) ~= period) then
  -- A plan was reloaded: re-encode each admission at its old tick's end, so none leaves earlier than it would have.
  local oldTick, oldLatest = tonumber(r[3]), math.floor(latest / tonumber(r[3]))
  local parts = {}
  for i = 1, #log, 4 do
    local age = (oldLatest - struct.unpack('>I4', log, i)) % WRAP
    if age >= 2147483648 then age = age - WRAP end
    parts[#parts + 1] = struct.pack('>I4', math.ceil((oldLatest - age) * oldTick / tick) % WRAP)
  end
  log = table.concat(parts)
end
if #log > 0 and at - latest >= period * tick then
  log = ''
end
-- The signed age of an admission in ticks.
local function age(i)
  local a = (nowTick - struct.unpack('>I4', log, i)) % WRAP
  if a >= 2147483648 then a = a - WRAP end
  return a
end
local first = 1
while first <= #log and age(first) >= period do
  first = first + 4
end
log = string.sub(log, first)
local held = #log / 4
local wait = 0
if held < permits then
  log = log .. struct.pack('>I4', math.ceil(at / tick) % WRAP)
else
  local blocking = (held - permits) * 4 + 1
  wait = (nowTick - age(blocking) + period) * tick - now
end
redis.call('HSET', KEYS[1], 'e', log, 'l', int(at), 'k', int(tick), 'p', int(period))
-- The newest admission leaves one period after it; a missing key is an empty window.
redis.call('PEXPIRE', KEYS[1], int(math.ceil(period * tick / tonumber(ARGV[6])) + tonumber(ARGV[5])))
return wait
