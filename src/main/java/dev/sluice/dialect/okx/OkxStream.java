package dev.sluice.dialect.okx;

import dev.sluice.bus.SlowPolicy;
import dev.sluice.bus.StreamEncoder;

/**
 * Base of every OKX stream encoder: its key ({@code okx:} and what tells it apart from other encoders of the same
 * topic) and the default slow-consumer policy, conflation to the latest frame.
 */
abstract class OkxStream implements StreamEncoder {

    private final String key;

    OkxStream(String key) {
        this.key = "okx:" + key;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public SlowPolicy slowPolicy() {
        return SlowPolicy.CONFLATE;
    }
}
