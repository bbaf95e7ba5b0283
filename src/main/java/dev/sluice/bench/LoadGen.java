package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The load-generator process of {@code sluice bench}, a JVM of its own. Arguments are {@code key=value}; the mode
 * picks what it does:
 * <ul>
 *   <li>{@code fanout}: {@code conns} subscribers on {@code url}, each on all {@code channels} ({@code sub=all}) or
 *       on channel {@code i % channels} ({@code sub=one}); prints {@code SUBSCRIBED ok total}, then receives until
 *       {@code STOP n0 n1 ...} (the count published per channel) arrives on stdin and prints {@code RESULT json};</li>
 *   <li>{@code storm}: see {@link Storm};</li>
 *   <li>{@code chatter}: see {@link Chatter};</li>
 *   <li>{@code replay}, {@code replay-store}: see {@link ReplayLoad}.</li>
 * </ul>
 */
public final class LoadGen {

    static final ObjectMapper JSON = new ObjectMapper();

    private LoadGen() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        String mode = args.getOrDefault("mode", "fanout");
        try (WsClients clients = new WsClients(Integer.parseInt(args.getOrDefault("threads", "2")))) {
            if (mode.equals("storm")) {
                new Storm(clients, args).run();
            } else if (mode.equals("chatter")) {
                new Chatter(clients, args).run();
            } else if (mode.startsWith("replay")) {
                ReplayLoad.run(clients, args);
            } else {
                fanout(clients, args);
            }
        }
        System.exit(0);
    }

    private static void fanout(WsClients clients, Map<String, String> args) throws Exception {
        URI uri = URI.create(args.get("url"));
        int conns = Integer.parseInt(args.get("conns"));
        int channels = Integer.parseInt(args.get("channels"));
        boolean all = args.getOrDefault("sub", "all").equals("all");
        CountDownLatch settled = new CountDownLatch(conns);
        AtomicInteger ok = new AtomicInteger();
        // One permit per connection whose subscriptions are not acknowledged yet: bounds the handshakes in flight.
        Semaphore window = new Semaphore(Integer.parseInt(args.getOrDefault("window", "200")));
        List<Receiver> receivers = new ArrayList<>(conns);
        Consumer<Boolean> onSettled = success -> {
            if (success) {
                ok.incrementAndGet();
            }
            window.release();
            settled.countDown();
        };
        for (int i = 0; i < conns; i++) {
            window.acquire();
            Receiver receiver = all ? new Receiver(0, channels, channels, onSettled)
                : new Receiver(i % channels, 1, channels, onSettled);
            receivers.add(receiver);
            clients.connect(uri, WsClients.sourceHost(i), () -> receiver).addListener(f -> {
                if (!f.isSuccess()) {
                    receiver.settle(false);
                }
            });
        }
        settled.await(120, TimeUnit.SECONDS);
        say("SUBSCRIBED " + ok.get() + " " + conns);
        long[] published = awaitStop();
        Receiver.stopping();
        clients.close();
        ReceiveStats stats = Receiver.merged();
        long missing = 0;
        for (Receiver receiver : receivers) {
            missing += receiver.missing(published);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("connections", conns);
        result.put("subscribed", ok.get());
        result.put("steps", stats.steps());
        result.put("gaps", stats.gaps);
        result.put("duplicates", stats.duplicates);
        result.put("missing", missing);
        result.put("errors", stats.errors);
        result.put("closedByServer", Receiver.closedEarly());
        say("RESULT " + json(result));
    }

    /** Blocks until {@code STOP n0 n1 ...} (or end of input) and returns the numbers. */
    static long[] awaitStop() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("STOP")) {
                String[] parts = line.trim().split(" ");
                long[] numbers = new long[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    numbers[i - 1] = Long.parseLong(parts[i]);
                }
                return numbers;
            }
        }
        return new long[0];
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value: " + arg);
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return args;
    }

    static String json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
