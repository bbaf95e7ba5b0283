package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the Markdown tables, writes the JSON file and draws the latency-percentile plots (SVG) of a run. */
final class Report {

    /** Percentiles on the plot's x axis (max is added after them). */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    /** Labels of the y axis's powers of ten of microseconds. */
    private static final String[] DECADES = {"1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms", "1 s", "10 s",
        "100 s"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int MARGIN = 60;

    private Report() {
    }

    static String label(double percentile) {
        return "p" + (percentile == Math.rint(percentile) ? Long.toString((long) percentile)
            : Double.toString(percentile));
    }

    /** The summary table of one scenario, then its detail. */
    static String markdown(ScenarioResult r) {
        StringBuilder md = new StringBuilder("### ").append(r.id).append(' ').append(r.title).append("\n\n");
        md.append("Scale: ").append(r.scale).append("\n\n");
        md.append("| metric | Sluice | baseline (same run) | ratio | target | verdict |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (ScenarioResult.Row row : r.rows) {
            md.append("| ").append(row.metric()).append(" | ").append(row.sluice()).append(" | ")
                .append(row.baseline()).append(" | ").append(row.ratio()).append(" | ").append(row.target())
                .append(" | ").append(row.verdict()).append(" |\n");
        }
        if (r.detail.length() > 0) {
            md.append('\n').append(r.detail);
        }
        if (!r.plot.isEmpty()) {
            md.append("\nLatency plot: `").append(r.id).append("-latency.svg`\n");
        }
        return md.append('\n').toString();
    }

    /** Writes {@code results.json}, {@code results.md} and one SVG per scenario with latencies. */
    static void write(Path out, List<ScenarioResult> results, Map<String, Object> machine) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        List<Object> scenarios = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        for (ScenarioResult r : results) {
            scenarios.add(r.json);
            md.append(markdown(r));
            if (!r.plot.isEmpty()) {
                Files.writeString(out.resolve(r.id + "-latency.svg"), svg(r), StandardCharsets.UTF_8);
            }
        }
        json.put("scenarios", scenarios);
        LoadGen.JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("results.json").toFile(), json);
        Files.writeString(out.resolve("results.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /** Latency (log scale, ms) against percentile, one line per target. */
    static String svg(ScenarioResult r) {
        List<String> labels = new ArrayList<>();
        for (double q : PERCENTILES) {
            labels.add(label(q));
        }
        labels.add("max");
        long top = 1;
        for (Map<String, Long> series : r.plot.values()) {
            for (long v : series.values()) {
                top = Math.max(top, v);
            }
        }
        double minLog = 1;
        double maxLog = Math.max(minLog + 1, Math.ceil(Math.log10(top)));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
            .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
            .append(text(WIDTH / 2, 20, "middle", r.id + ": publish-to-receive latency " + r.plotTitle));
        int plotW = WIDTH - 2 * MARGIN;
        int plotH = HEIGHT - 2 * MARGIN;
        for (int decade = (int) minLog; decade <= maxLog; decade++) {
            double y = MARGIN + plotH - (decade - minLog) / (maxLog - minLog) * plotH;
            svg.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", MARGIN,
                y, MARGIN + plotW, y));
            svg.append(text(MARGIN - 6, (int) y + 4, "end", DECADES[Math.min(decade, DECADES.length - 1)]));
        }
        for (int i = 0; i < labels.size(); i++) {
            int x = MARGIN + i * plotW / (labels.size() - 1);
            svg.append(text(x, MARGIN + plotH + 18, "middle", labels.get(i)));
        }
        svg.append(text(WIDTH / 2, HEIGHT - 12, "middle", "percentile"));
        int colour = 0;
        for (Map.Entry<String, Map<String, Long>> series : r.plot.entrySet()) {
            String stroke = COLOURS[colour % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < labels.size(); i++) {
                long us = Math.max(10, series.getValue().getOrDefault(labels.get(i), 10L));
                double y = MARGIN + plotH - (Math.log10(us) - minLog) / (maxLog - minLog) * plotH;
                points.append(MARGIN + i * plotW / (labels.size() - 1)).append(',')
                    .append(String.format("%.1f", y)).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(stroke).append("\" points=\"")
                .append(points.toString().trim()).append("\"/>\n");
            int ly = MARGIN + 14 + colour * 16;
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>%n",
                MARGIN + 10, ly - 4, stroke));
            svg.append(text(MARGIN + 28, ly, "start", series.getKey()));
            colour++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String text(int x, int y, String anchor, String content) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + escaped + "</text>\n";
    }
}
