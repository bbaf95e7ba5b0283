package dev.sluice.dialect;

import java.util.Objects;

/**
 * A WebSocket path of a service and the endpoint group it belongs to (limits can count groups apart, as AllTick
 * counts its stock and forex endpoints as separate pools).
 */
public record Endpoint(String path, String group) {

    public Endpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(group, "group");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("endpoint path must start with '/': " + path);
        }
    }
}
