package dev.sluice.limit.redis;

/**
 * What a node has asked of Redis so far ({@link RedisLimitState#traffic}), for the benchmark's round trips per
 * shared decision.
 *
 * @param decisions       operations whose answer decides a request: acquire, size, consume, sliding and fixed
 *                        windows, space, blockedFor and get
 * @param leaseRenewals   lease keep-alive scripts ({@link LeaseKeeper}), not decisions
 * @param otherOperations the rest: release, blockUntil, add, reserve, the outage probe's PING and SCRIPT LOAD
 * @param noScriptRetries {@code EVAL}s repeated after {@code NOSCRIPT}, a second command for one operation
 * @param commands        every command sent: the sum of the four above
 * @param pending         script commands sent and not answered yet
 */
public record Traffic(long decisions, long leaseRenewals, long otherOperations, long noScriptRetries, long commands,
                      long pending) {
}
