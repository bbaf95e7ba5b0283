package dev.sluice.dialect.echo;

import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Dialect;
import dev.sluice.dialect.Endpoint;
import dev.sluice.limit.Decision;
import dev.sluice.limit.Op;
import dev.sluice.limit.SubscriptionInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Echoes every message back unchanged. It exists to run the Autobahn conformance suite (and connectivity checks)
 * through Sluice's real pipeline: same handshake, decoder limits, UTF-8 validation and close handling.
 */
public final class EchoDialect implements Dialect {

    public static final String NAME = "echo";
    private static final CloseReason TOO_SLOW = new CloseReason(1008, "backlog full");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Endpoint> defaultEndpoints() {
        return List.of(new Endpoint("/", "default"));
    }

    @Override
    public Command decode(Connection connection, String text) {
        return new Command.Reply(Op.OTHER, text);
    }

    @Override
    public Command decodeBinary(Connection connection, byte[] payload) {
        return new Command.BinaryReply(payload);
    }

    @Override
    public String limitError(Decision decision, Command refused, Connection connection) {
        return "limit: " + decision.limit().action().message();
    }

    @Override
    public String limitNotice(Decision decision, SubscriptionInfo subscription, boolean breached,
                              Connection connection) {
        return (breached ? "limit reached: " : "count: ") + subscription.channel() + " " + decision.usage();
    }

    @Override
    public CloseReason slowConsumerClose() {
        return TOO_SLOW;
    }

    @Override
    public Optional<HttpAnswer> http(String method, String path, Map<String, List<String>> query) {
        return Optional.empty();
    }

    @Override
    public boolean servesMarketData() {
        return false;
    }
}
