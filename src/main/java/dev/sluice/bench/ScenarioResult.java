package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: its summary rows (each figure beside its baseline from the same run, as a ratio,
 * with the target and whether it was met), an optional detail table, the raw figures for the JSON file,
 * and latency percentiles per target for the plot.
 */
final class ScenarioResult {

    /** One line of the summary: Sluice's figure, the baseline's, their ratio, the target and the verdict. */
    record Row(String metric, String sluice, String baseline, String ratio, String target, String verdict) {
    }

    final String id;
    final String title;
    final String scale;
    final List<Row> rows = new ArrayList<>();
    final StringBuilder detail = new StringBuilder();
    final Map<String, Object> json = new LinkedHashMap<>();
    final Map<String, Map<String, Long>> plot = new LinkedHashMap<>();
    String plotTitle = "";

    ScenarioResult(String id, String title, String scale) {
        this.id = id;
        this.title = title;
        this.scale = scale;
        json.put("id", id);
        json.put("title", title);
        json.put("scale", scale);
    }

    void row(String metric, String sluice, String baseline, String ratio, String target, String verdict) {
        rows.add(new Row(metric, sluice, baseline, ratio, target, verdict));
    }

    static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    static String ratio(double a, double b) {
        return b <= 0 ? "n/a" : String.format("%.2fx", a / b);
    }

    static String rate(double perSecond) {
        return perSecond >= 1e6 ? String.format("%.2fM/s", perSecond / 1e6)
            : perSecond >= 1e3 ? String.format("%.1fk/s", perSecond / 1e3) : String.format("%.0f/s", perSecond);
    }

    static String micros(long us) {
        return us < 0 ? "n/a" : us >= 1000 ? String.format("%.2f ms", us / 1000.0) : us + " µs";
    }

    static String bytes(double b) {
        return b >= 1024 ? String.format("%.1f KB", b / 1024) : String.format("%.0f B", b);
    }
}
