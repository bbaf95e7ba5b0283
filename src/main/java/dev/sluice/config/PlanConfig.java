package dev.sluice.config;

import dev.sluice.limit.Action;
import dev.sluice.limit.Limit;
import dev.sluice.limit.LimitKind;
import dev.sluice.limit.Op;
import dev.sluice.limit.Plan;
import dev.sluice.limit.RateWindow;
import dev.sluice.limit.Scope;
import dev.sluice.limit.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code plans:}: each plan a name and a list of limits, each limit a kind, scope, selector, value and
 * action. The keys a kind needs are required, and the keys it does not use are rejected, so a plan says exactly
 * what is enforced. See docs/limits.md for every vendor limit written this way.
 */
final class PlanConfig {

    private static final Set<String> KINDS = names(LimitKind.values(), LimitKind::configName);
    private static final Set<String> SCOPES = names(Scope.values(), Scope::configName);
    private static final Set<String> ACTIONS = names(Action.Type.values(), Action.Type::configName);
    private static final Set<String> OPS = names(Op.values(), Op::configName);
    private static final Set<String> WINDOWS = names(RateWindow.values(), RateWindow::configName);

    private PlanConfig() {
    }

    static List<Plan> read(List<ConfigReader> items) {
        List<Plan> plans = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ConfigReader item : items) {
            String name = item.requiredString("name", "a unique plan name");
            boolean shadow = item.bool("shadow", false);
            boolean feedsRequireAuth = item.bool("feedsRequireAuth", false);
            List<Limit> limits = new ArrayList<>();
            List<ConfigReader> entries = item.list("limits");
            for (int i = 0; i < entries.size(); i++) {
                Limit limit = readLimit(entries.get(i), name + "/" + i, shadow);
                if (limit != null) {
                    limits.add(limit);
                }
            }
            item.finish();
            if (name != null && !names.add(name)) {
                item.invalid("name", "is already used by another plan");
            } else if (name != null) {
                plans.add(new Plan(name, limits, feedsRequireAuth));
            }
        }
        return plans;
    }

    private static Limit readLimit(ConfigReader in, String idPrefix, boolean planShadow) {
        String kindName = in.choice("kind", null, KINDS);
        if (kindName == null) {
            if (!in.has("kind")) {
                in.invalid("kind", "is required (one of " + String.join(", ", KINDS) + ")");
            }
            return null;
        }
        LimitKind kind = LimitKind.fromConfig(kindName);
        Scope scope = Scope.fromConfig(in.choice("scope", defaultScope(kind), SCOPES));
        Selector selector = new Selector(ops(in, kind), set(in.string("channels", "")),
            in.bool("perInterface", false), in.bool("perEndpointGroup", false), set(in.string("paths", "")),
            in.bool("outbound", false));
        long max = needs(kind, "max") ? in.integer("max", -1, 0, Integer.MAX_VALUE) : 0;
        long permits = needs(kind, "permits") ? in.integer("permits", -1, 1, 1_000_000_000) : 0;
        RateWindow window = needs(kind, "permits") ? window(in) : RateWindow.SLIDING;
        long burst = window == RateWindow.BUCKET ? in.integer("burst", permits, 1, 1_000_000_000) : permits;
        long periodMs = needs(kind, "periodMs") ? in.integer("periodMs", -1, 1, 30L * 24 * 3600 * 1000) : 0;
        long idleWithout = kind == LimitKind.IDLE_TIMEOUT
            ? in.integer("idleWithoutSubscriptionsMs", periodMs, 0, 30L * 24 * 3600 * 1000) : 0;
        Map<String, Long> coverage = kind == LimitKind.REPLAY_COVERAGE ? coverage(in) : Map.of();
        boolean monthly = kind == LimitKind.CREDITS && in.bool("monthly", false);
        Action action = ActionConfig.read(in, kind);
        boolean shadow = in.bool("shadow", planShadow);
        in.finish();
        if (max < 0 || permits < 0 || periodMs < 0) {
            String missing = max < 0 ? "max" : permits < 0 ? "permits" : "periodMs";
            in.invalid(missing, "is required for kind " + kindName);
            return null;
        }
        if (action == null) {
            return null;
        }
        return new Limit(idPrefix + "/" + kindName, kind, scope, selector, max, permits, burst, window, periodMs,
            idleWithout, coverage, monthly, action, shadow);
    }

    /**
     * {@code window: sliding | fixed | bucket}, sliding when absent (the strict reading of "N per period"). A
     * {@code burst} belongs to a bucket only: elsewhere it would say something the window does not do.
     */
    private static RateWindow window(ConfigReader in) {
        RateWindow window = RateWindow.fromConfig(in.choice("window", RateWindow.SLIDING.configName(), WINDOWS));
        if (window != RateWindow.BUCKET && in.has("burst")) {
            in.invalid("burst", "applies only to window: bucket (this limit's window is " + window.configName()
                + "; a sliding or fixed window admits at most permits per period, with no burst)");
        }
        return window;
    }

    /** Which value keys a kind uses: max, permits (with burst) per periodMs, or periodMs alone. */
    private static boolean needs(LimitKind kind, String key) {
        return switch (key) {
            case "max" -> switch (kind) {
                case CONNECTIONS, CHANNEL_CONNECTIONS, SUBSCRIPTIONS, UNIQUE_USERS, INFLIGHT, CREDITS, REPLAY_SPEED,
                    REPLAY_DEPTH, REPLAY_RANGE, REPLAY_EXCHANGES -> true;
                default -> false;
            };
            case "permits" -> kind == LimitKind.CONNECT_RATE || kind == LimitKind.MESSAGE_RATE
                || kind == LimitKind.HTTP_RATE;
            default -> kind == LimitKind.CONNECT_RATE || kind == LimitKind.MESSAGE_RATE
                || kind == LimitKind.HTTP_RATE || kind == LimitKind.REQUEST_SPACING || kind == LimitKind.HEARTBEAT
                || kind == LimitKind.IDLE_TIMEOUT;
        };
    }

    /** {@code availableFrom: hyperliquid/orderbook=2023-04-01, lighter/*=2025-08-01} as epoch millis (UTC). */
    private static Map<String, Long> coverage(ConfigReader in) {
        String listed = in.requiredString("availableFrom", "comma-separated exchange/channel=YYYY-MM-DD entries");
        Map<String, Long> coverage = new LinkedHashMap<>();
        if (listed == null) {
            return coverage;
        }
        for (String entry : set(listed)) {
            int equals = entry.indexOf('=');
            try {
                if (equals < 1 || entry.indexOf('/') < 1) {
                    throw new DateTimeParseException("no exchange/channel=", entry, 0);
                }
                coverage.put(entry.substring(0, equals).trim(), LocalDate.parse(entry.substring(equals + 1).trim())
                    .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            } catch (DateTimeParseException e) {
                in.invalid("availableFrom", "has '" + entry + "'; each entry is exchange/channel=YYYY-MM-DD "
                    + "(exchange/* for every channel of an exchange)");
            }
        }
        return coverage;
    }

    private static String defaultScope(LimitKind kind) {
        return switch (kind) {
            case CONNECT_RATE -> Scope.IP.configName();
            case CONNECTIONS, CREDITS -> Scope.ACCOUNT.configName();
            case CHANNEL_CONNECTIONS -> Scope.SUB_ACCOUNT.configName();
            case UNIQUE_USERS, INFLIGHT -> Scope.IDENTITY.configName();
            default -> Scope.CONNECTION.configName();
        };
    }

    private static Set<Op> ops(ConfigReader in, LimitKind kind) {
        String listed = in.string("ops", "");
        if (listed.isBlank() || "all".equals(listed.trim())) {
            return kind == LimitKind.INFLIGHT ? EnumSet.of(Op.POST) : EnumSet.allOf(Op.class);
        }
        EnumSet<Op> ops = EnumSet.noneOf(Op.class);
        for (String name : set(listed)) {
            if (OPS.contains(name)) {
                ops.add(Op.fromConfig(name));
            } else {
                in.invalid("ops", "lists '" + name + "'; allowed: all, or any of " + String.join(", ", OPS));
            }
        }
        return ops;
    }

    /** A comma-separated list, as YAML scalars keep it simple to read and to report. */
    private static Set<String> set(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static <T> Set<String> names(T[] values, java.util.function.Function<T, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
