package dev.sluice.config;

import dev.sluice.auth.Accounts;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.dialect.Dialects;
import dev.sluice.limit.Plan;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads YAML configuration into {@link SluiceConfig}, reporting every problem with its place in the file. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static SluiceConfig load(Path file) throws ConfigException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), "", 0, 0, null,
                "cannot read the file: " + e.getMessage())));
        }
    }

    public static SluiceConfig parse(String source, String yaml) throws ConfigException {
        return parse(source, new StringReader(yaml));
    }

    public static SluiceConfig parse(String source, Reader reader) throws ConfigException {
        YamlTree.Node root;
        try {
            root = YamlTree.parse(reader);
        } catch (YamlTree.SyntaxException e) {
            throw new ConfigException(List.of(new ConfigError(source, "", e.mark.line(), e.mark.column(), null,
                "not valid YAML: " + e.getMessage())));
        }
        List<ConfigError> errors = new ArrayList<>();
        ConfigReader in = ConfigReader.root(source, root, errors);
        String description = in.string("description", "");
        ServerConfig server = ServerConfig.read(in.child("server"));
        int errorsBeforeFeed = errors.size();
        FeedConfig feed = FeedConfig.read(in.child("feed"));
        // An instrument that failed to load is already reported; do not also say its exchange has none.
        boolean feedValid = errors.size() == errorsBeforeFeed;
        List<Plan> plans = PlanConfig.read(in.list("plans"));
        ConfigReader limits = in.child("limits");
        boolean shadowLimits = limits != null && limits.bool("shadow", false);
        if (limits != null) {
            limits.finish();
        }
        StateConfig state = StateConfig.read(in.child("state"));
        int errorsBeforeServices = errors.size();
        List<ConfigReader> items = in.list("services");
        // A malformed document or services value is already reported; do not also ask for a service.
        boolean servicesMalformed = !(root instanceof YamlTree.MapNode) || errors.size() > errorsBeforeServices;
        List<ServiceConfig> services = new ArrayList<>();
        for (ConfigReader item : items) {
            ServiceConfig service = ServiceConfig.read(item);
            if (service != null) {
                checkService(service, item, services, feedValid ? feed : null);
                checkPlan(service, item, plans);
                services.add(service);
            }
        }
        List<Accounts.Credential> accounts = AccountConfig.read(in.list("accounts"), services, plans);
        HistoryConfig history = HistoryConfig.read(in.child("history"));
        CreditsConfig credits = CreditsConfig.read(in.child("credits"));
        if (items.isEmpty() && !servicesMalformed) {
            in.invalid("services", "at least one service is required");
        }
        if (server.maxMessageBytes() < server.maxFramePayloadBytes()) {
            in.child("server").invalid("maxMessageBytes", "must be at least server.maxFramePayloadBytes ("
                + server.maxFramePayloadBytes() + ")");
        }
        in.finish();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new SluiceConfig(description, server, feed, services, plans, shadowLimits, accounts, state, history,
            credits);
    }

    private static void checkPlan(ServiceConfig service, ConfigReader in, List<Plan> plans) {
        if (Plan.UNLIMITED.equals(service.plan()) || plans.stream().anyMatch(p -> p.name().equals(service.plan()))) {
            return;
        }
        List<String> names = new ArrayList<>(plans.stream().map(Plan::name).toList());
        names.add(Plan.UNLIMITED);
        String suggestion = Suggestions.closest(service.plan(), names);
        in.invalid("plan", "names no plan in plans" + (suggestion == null ? "" : "; did you mean '" + suggestion
            + "'?") + " (plans: " + String.join(", ", names) + ")");
    }

    /** Checks a service against the earlier ones and, when {@code feed} is non-null, against its instruments. */
    private static void checkService(ServiceConfig service, ConfigReader in, List<ServiceConfig> earlier,
                                     FeedConfig feed) {
        boolean nameTaken = false;
        boolean portTaken = false;
        for (ServiceConfig other : earlier) {
            if (!nameTaken && other.name().equals(service.name())) {
                in.invalid("name", "is already used by another service");
                nameTaken = true;
            }
            if (!portTaken && service.port() != 0 && other.port() == service.port()) {
                in.invalid("port", "is already used by service " + other.name());
                portTaken = true;
            }
        }
        if (feed == null || !Dialects.servesMarketData(service.dialect())) {
            return;
        }
        Map<String, Integer> perExchange = new HashMap<>();
        for (SyntheticSpec spec : feed.instruments()) {
            perExchange.merge(spec.instrument().exchange(), 1, Integer::sum);
        }
        if (!perExchange.keySet().containsAll(service.exchanges())) {
            in.invalid("exchange", "has no instruments in feed.instruments (exchanges there: "
                + String.join(", ", perExchange.keySet()) + ")");
        }
    }
}
