-- Prepended to every script of this folder (Scripts.java): helpers the scripts share. Redis has no script includes.

-- The script's time in ticks: the caller's (nanoseconds) when it passed one; else Redis TIME in microseconds, less
-- the age the caller passed as -1 - age (how long ago, on its own clock, the request was read).
local function now_ticks(arg)
  local now = tonumber(arg)
  if now < 0 then
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000000 + tonumber(t[2]) + now + 1
  end
  return now
end

-- Integers as plain digits: Redis may format a Lua number argument in exponent notation.
local function int(x)
  return string.format('%.0f', x)
end

-- Drops the expired leases of a capped set (leases: "member\nholder" scored by expiry; holders: member -> count),
-- so that a dead or paused node's room is reusable.
local function purge(leases, holders, now)
  local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
  if #expired > 0 then
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    for _, lease in ipairs(expired) do
      local m = string.sub(lease, 1, string.find(lease, '\n', 1, true) - 1)
      if redis.call('HINCRBY', holders, m, -1) <= 0 then
        redis.call('HDEL', holders, m)
      end
    end
  end
end

