package dev.sluice.config;

/**
 * The history store (0xArchive replays).
 *
 * @param path          the DuckDB file; {@value #MEMORY} keeps history in memory (gone at exit); empty for none
 * @param record        whether live events of the services that record (oxarchive) are appended as they happen
 * @param queueCapacity live events the recorder may hold for its writer; past it events are dropped and counted,
 *                      never blocking the bus
 */
public record HistoryConfig(String path, boolean record, int queueCapacity) {

    public static final String MEMORY = ":memory:";
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final HistoryConfig NONE = new HistoryConfig("", false, DEFAULT_QUEUE_CAPACITY);

    public boolean enabled() {
        return !path.isEmpty();
    }

    static HistoryConfig read(ConfigReader in) {
        if (in == null) {
            return NONE;
        }
        String path = in.string("path", "");
        HistoryConfig config = new HistoryConfig(path, in.bool("record", !path.isEmpty()),
            (int) in.integer("queueCapacity", DEFAULT_QUEUE_CAPACITY, 1, 16 * 1024 * 1024));
        in.finish();
        return config;
    }

    public HistoryConfig withPath(String newPath) {
        return new HistoryConfig(newPath, record, queueCapacity);
    }
}
