package dev.sluice.server;

import dev.sluice.bus.Instrument;
import dev.sluice.bus.Stream;
import dev.sluice.dialect.Command;
import dev.sluice.dialect.Connection;
import dev.sluice.dialect.Endpoint;
import dev.sluice.dialect.okx.OkxDialect;
import java.math.BigDecimal;
import java.util.List;

/** The OKX stream of a BTC-USDT subscribe request, for tests that watch the bus next to real clients. */
final class OkxStreams {

    private static final Instrument BTC_USDT = new Instrument("okx", "BTC-USDT", "BTC", "USDT",
        new BigDecimal("0.1"), new BigDecimal("0.00000001"), new BigDecimal("0.00001"));

    private OkxStreams() {
    }

    /** The stream the OKX dialect resolves for the first arg of {@code subscribe}. */
    static Stream btcUsdt(String subscribe) {
        Command.Subscribe command = (Command.Subscribe) new OkxDialect(List.of(BTC_USDT)).decode(new Connection() {
            @Override
            public String connId() {
                return "observer";
            }

            @Override
            public Endpoint endpoint() {
                return OkxDialect.PUBLIC;
            }
        }, subscribe);
        return ((Command.Accepted) command.outcomes().get(0)).stream();
    }
}
