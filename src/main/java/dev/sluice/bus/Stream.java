package dev.sluice.bus;

import java.util.Objects;

/** A subscribable wire stream: a topic and the encoder that turns its events into frames. */
public record Stream(Topic topic, StreamEncoder encoder) {

    public Stream {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(encoder, "encoder");
    }
}
