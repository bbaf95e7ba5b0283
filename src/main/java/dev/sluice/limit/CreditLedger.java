package dev.sluice.limit;

import dev.sluice.limit.memory.MemoryLimitState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keeps credit counts across restarts: {@link #load} puts the saved counters back into the limit state before
 * anyone connects, {@link #save} writes every credits counter (keys starting with one of the engines'
 * {@link LimitEngine#creditKeyPrefixes}) to a small text file, one {@code key<TAB>count} a line, through a temporary
 * file and an atomic rename, so the file is always whole. Saved every flush interval and at shutdown (after the
 * connections closed and gave back their unspent credits). A count includes the credits open connections had
 * reserved and not yet spent when it was saved ({@link CreditMeter}): after a crash those are lost to the account,
 * never served. The file is a snapshot, though: a crash forgets the credits reserved since the last save (at most
 * one flush interval of them), which the account may then be served again. A key names its plan's limit by
 * position ({@code build/9}): reordering a plan's limits starts its counts afresh.
 */
public final class CreditLedger {

    private final MemoryLimitState state;
    private final Path file;
    private final List<String> prefixes;

    public CreditLedger(MemoryLimitState state, Path file, List<String> prefixes) {
        this.state = Objects.requireNonNull(state, "state");
        this.file = Objects.requireNonNull(file, "file");
        this.prefixes = List.copyOf(prefixes);
    }

    /** Adds the saved counts to the state; a missing file is an empty ledger. Returns the counters loaded. */
    public int load() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int loaded = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                continue;
            }
            String key = line.substring(0, tab);
            if (counted(key)) {
                state.add(key, Long.parseLong(line.substring(tab + 1).trim()));
                loaded++;
            }
        }
        return loaded;
    }

    /** Writes every credits counter now. */
    public synchronized void save() {
        Map<String, Long> counts = new TreeMap<>();
        state.forEachCounter((key, value) -> {
            if (counted(key)) {
                counts.put(key, value);
            }
        });
        StringBuilder text = new StringBuilder();
        counts.forEach((key, value) -> text.append(key).append('\t').append(value).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save credits to " + file, e);
        }
    }

    private boolean counted(String key) {
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
