-- Renews a batch of one node's leases and registers the node as live. A lease that is gone (expired while the
-- node was paused, or lost with a Redis restart) is taken again when the set has room; otherwise it is reported
-- lost, and the node closes the connection that held it.
-- KEYS[1] nodes: sorted set of node ids scored by expiry; then pairs KEYS[2i] leases, KEYS[2i+1] holders
-- ARGV: now (negative: Redis TIME), node id, lease (ticks), key TTL (ms), then per pair: member, holder, cap
-- Returns {live nodes, 1-based indexes of lost leases...}
local now = now_ticks(ARGV[1])
local expiry = now + tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], int(expiry), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local result = {redis.call('ZCARD', KEYS[1])}
local purged = {}
for i = 1, (#KEYS - 1) / 2 do
  local leases, holders = KEYS[2 * i], KEYS[2 * i + 1]
  local member, holder, cap = ARGV[3 * i + 2], ARGV[3 * i + 3], tonumber(ARGV[3 * i + 4])
  if not purged[leases] then
    purged[leases] = true
    purge(leases, holders, now)
  end
  local lease = member .. '\n' .. holder
  if redis.call('ZSCORE', leases, lease) then
    redis.call('ZADD', leases, int(expiry), lease)
  elseif redis.call('HEXISTS', holders, member) == 1 or redis.call('HLEN', holders) < cap then
    redis.call('ZADD', leases, int(expiry), lease)
    redis.call('HINCRBY', holders, member, 1)
  else
    result[#result + 1] = i
  end
  redis.call('PEXPIRE', leases, ARGV[4])
  redis.call('PEXPIRE', holders, ARGV[4])
end
return result
