package dev.sluice.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection ids: eight hex digits, unique for the first 2^32 connections of a process. A counter is mixed by an
 * odd multiplier (a bijection on 32-bit integers), so ids look random but never repeat.
 */
final class ConnIds {

    private static final int MIX = 0x9E3779B1;
    private final AtomicInteger counter;

    ConnIds(int start) {
        this.counter = new AtomicInteger(start);
    }

    String next() {
        int mixed = counter.incrementAndGet() * MIX;
        String hex = Integer.toHexString(mixed);
        return "00000000".substring(hex.length()) + hex;
    }
}
