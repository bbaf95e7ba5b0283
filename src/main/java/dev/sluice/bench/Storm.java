package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load-generator mode {@code storm}: {@code attempts} WebSocket upgrades as fast as a window of {@code window}
 * attempts in flight allows, on {@code url?token=bench-(i % tokens)} from source address
 * {@code 127.0.1.(1 + i % ips)}, made by a lean client ({@link StormRound}: one shared bootstrap, prepared request
 * bytes, only the response head read) so that the server, not the client, sets the pace. Accepted connections stay
 * open (so per-token and per-IP caps stay full) until {@code STOP}.
 *
 * <p>First, {@code warmup} attempts from {@code 127.0.2.x}, each closed as soon as it is answered, warm both JVMs'
 * handshake paths (the fan-out runs' warm-up step does the same for delivery); with {@code metricsService=NAME}
 * the storm then waits until the server's {@code /metrics} shows no open connection of that service, so that the
 * warm-up holds no cap. With {@code hold=true} it then prints {@code WARM json} (the warm-up's summary) and waits
 * for {@code GO} on stdin before the storm, so that the orchestrator can start the storm on a step boundary.
 * Prints {@code RESULT json}: the storm round's tally ({@link StormRound#result()}), a summary of the warm-up and,
 * with {@code metricsService}, the server's own counts for the service (connections open after the storm, upgrades
 * refused during it) to compare with the client's.
 */
final class Storm {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final WsClients clients;
    private final URI url;
    private final int attempts;
    private final int warmup;
    private final int tokens;
    private final int ips;
    private final int window;
    private final String metricsService;
    private final boolean hold;
    private final HttpClient http = HttpClient.newHttpClient();

    Storm(WsClients clients, Map<String, String> args) {
        this.clients = clients;
        this.url = URI.create(args.get("url"));
        this.attempts = Integer.parseInt(args.get("attempts"));
        this.warmup = Integer.parseInt(args.getOrDefault("warmup", "0"));
        this.tokens = Integer.parseInt(args.getOrDefault("tokens", "100"));
        this.ips = Integer.parseInt(args.getOrDefault("ips", "8"));
        this.window = Integer.parseInt(args.getOrDefault("window", "256"));
        this.metricsService = args.get("metricsService");
        this.hold = Boolean.parseBoolean(args.getOrDefault("hold", "false"));
    }

    void run() throws Exception {
        Map<String, Object> warm = new LinkedHashMap<>();
        if (warmup > 0) {
            StormRound round = new StormRound(clients.rawBootstrap(), url, warmup, tokens, "127.0.2.", ips, false);
            round.run(window, BenchClock.monoNanos() + TIMEOUT_NANOS);
            Map<String, Object> tally = round.result();
            warm.put("attempts", warmup);
            warm.put("accepted", tally.get("accepted"));
            warm.put("refused", round.refusedTotal());
            warm.put("seconds", tally.get("seconds"));
            warm.put("serverOpenAfter", awaitServerDrained());
        }
        // Requests prepared and the server's counts read before GO: the storm starts on the step's boundary.
        StormRound storm = new StormRound(clients.rawBootstrap(), url, attempts, tokens, "127.0.1.", ips, true);
        Map<String, Double> before = metricsService == null ? Map.of() : serverCounts();
        if (hold) {
            LoadGen.say("WARM " + LoadGen.json(warm));
            awaitGo();
        }
        storm.run(window, BenchClock.monoNanos() + TIMEOUT_NANOS);
        Map<String, Object> result = storm.result();
        result.put("warmup", warm);
        if (metricsService != null) {
            Map<String, Double> after = serverCounts();
            if (before.containsKey("refused") && after.containsKey("refused")) {
                // The refusal counter is cumulative: the warm-up's refusals are not the storm's.
                after.put("refused", after.get("refused") - before.get("refused"));
            } else {
                after.remove("refused");
            }
            result.put("server", after);
        }
        LoadGen.say("RESULT " + LoadGen.json(result));
        LoadGen.awaitStop();
    }

    /**
     * Blocks until a line starting with {@code GO} arrives on stdin. Read byte by byte, so that nothing after that
     * line is buffered away from {@link LoadGen#awaitStop()}.
     */
    private static void awaitGo() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = System.in.read(); b >= 0; b = System.in.read()) {
            if (b != '\n') {
                line.append((char) b);
            } else if (line.toString().startsWith("GO")) {
                return;
            } else {
                line.setLength(0);
            }
        }
    }

    /**
     * Polls the server's open connections of {@link #metricsService} until there are none (the closed warm-up
     * connections released their caps) or {@link #DRAIN_NANOS} have passed; returns the last count read (-1: none).
     */
    private double awaitServerDrained() throws InterruptedException {
        if (metricsService == null) {
            return -1;
        }
        long deadline = BenchClock.monoNanos() + DRAIN_NANOS;
        double open = serverCounts().getOrDefault("open", -1.0);
        while (open != 0 && BenchClock.monoNanos() < deadline) {
            BenchClock.sleepMillis(50);
            open = serverCounts().getOrDefault("open", -1.0);
        }
        return open;
    }

    /**
     * The server's open WebSocket connections and refused upgrades for {@link #metricsService}, summed over its
     * {@code /metrics} lines (the open gauge has one line per plan); empty when they could not be read.
     */
    private Map<String, Double> serverCounts() throws InterruptedException {
        Map<String, Double> counts = new LinkedHashMap<>();
        String service = "service=\"" + metricsService + "\"";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://" + url.getHost() + ":" + url.getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            for (String line : response.body().split("\n")) {
                String name = line.startsWith("sluice_connections{") ? "open"
                    : line.startsWith("sluice_handshakes_refused_total{") ? "refused" : null;
                if (name != null && line.contains(service)) {
                    counts.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        } catch (IOException e) {
            counts.clear();
        }
        return counts;
    }
}
