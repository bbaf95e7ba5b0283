package dev.sluice.bench;

/**
 * The Sluice configurations the scenarios run: the OKX dialect on port 0 with one {@code BENCHn-USDT} instrument
 * per channel (its synthetic feed silent: no trades, no book updates, so every trade on the wire is the bench
 * feed's), and the plan, extra service and accounts a scenario adds.
 */
final class BenchConfigs {

    /**
     * Outbound bytes a slow connection may queue before Sluice closes it. Raised from the 4 MiB default so that a
     * run past saturation measures queueing latency, as the baselines (which have no bound) do, instead of
     * closing the subscribers.
     */
    static final long BACKLOG_BYTES = 512L << 20;

    private BenchConfigs() {
    }

    /** Plain fan-out: no limits. */
    static String fanout(int channels) {
        return header(channels) + okxService("unlimited") + "\n";
    }

    /**
     * S5: each connection may send {@code perConnection} messages in any rolling second (connection scope, local,
     * an exact sliding window, the default: S5's in-limit clients must stay within the plan's number in every
     * rolling second without headroom; they send at most 80 % of it), and every message also goes through an
     * IP-scoped sliding window in the shared limit state, never exceeded.
     * {@code enforce=false} gives the same server with no limits, the baseline. With a {@code redisUri} (not null)
     * the shared state is that Redis ({@code state.type: redis}, every other state setting at its default).
     */
    static String limiter(int perConnection, boolean enforce, String redisUri) {
        String plans = !enforce ? "" : "plans:\n"
            + "  - name: bench-limited\n"
            + "    limits:\n"
            + "      - kind: message-rate\n"
            + "        scope: connection\n"
            + "        permits: " + perConnection + "\n"
            + "        periodMs: 1000\n"
            + "        errorCode: \"60014\"\n"
            + "        errorMessage: Requests too frequent.\n"
            + "      - kind: message-rate\n"
            + "        scope: ip\n"
            + "        permits: 10000000\n"
            + "        periodMs: 1000\n";
        String state = redisUri == null ? "" : "state:\n  type: redis\n  uri: " + redisUri + "\n";
        return header(1) + okxService(enforce ? "bench-limited" : "unlimited") + plans + state;
    }

    /**
     * S6: the OKX service for the half-load fan-out, and a {@code storm} service (AllTick dialect, whose clients
     * present {@code ?token=}) with {@code tokens} accounts whose plan caps connections per token and per IP.
     */
    static String storm(int channels, int tokens, int perToken, int perIp) {
        StringBuilder yaml = new StringBuilder(header(channels)).append(okxService("unlimited"));
        yaml.append("  - name: storm\n    dialect: alltick\n    exchange: okx\n    port: 0\n    plan: bench-storm\n");
        yaml.append("plans:\n  - name: bench-storm\n    limits:\n")
            .append("      - kind: connections\n        scope: account\n        max: ").append(perToken).append('\n')
            .append("      - kind: connections\n        scope: ip\n        max: ").append(perIp).append('\n');
        yaml.append("accounts:\n");
        for (int i = 0; i < tokens; i++) {
            yaml.append("  - service: storm\n    token: bench-").append(i).append("\n    plan: bench-storm\n");
        }
        return yaml.toString();
    }

    private static String header(int channels) {
        StringBuilder yaml = new StringBuilder("description: sluice bench\n")
            .append("server:\n  maxBacklogBytes: ").append(BACKLOG_BYTES).append('\n')
            .append("feed:\n  type: synthetic\n  instruments:\n");
        for (int c = 0; c < channels; c++) {
            yaml.append("    - exchange: okx\n      symbol: ").append(BenchMessages.symbol(c)).append('\n')
                .append("      base: BENCH").append(c).append("\n      quote: USDT\n")
                .append("      tickSize: 0.01\n      lotSize: 1\n      price: 1000\n      depth: 1\n")
                .append("      levelSize: 1\n      tradesPerSecond: 0\n      bookUpdatesPerSecond: 0\n");
        }
        return yaml.toString();
    }

    private static String okxService(String plan) {
        return "services:\n  - name: okx\n    dialect: okx\n    port: 0\n    plan: " + plan + "\n";
    }
}
