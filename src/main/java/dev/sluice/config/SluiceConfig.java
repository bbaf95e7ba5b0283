package dev.sluice.config;

import dev.sluice.auth.Accounts;
import dev.sluice.limit.Plan;
import java.util.List;

/**
 * The whole configuration of one Sluice process, validated once at start-up by {@link ConfigLoader}.
 *
 * @param description what this configuration is (shown by {@code sluice presets})
 * @param server      network settings
 * @param feed        market-data source
 * @param services    the vendor APIs to host, each on its own port
 * @param plans       the plans services and accounts refer to
 * @param shadowLimits evaluate and count every limit, never enforce (try a plan on live traffic)
 * @param accounts    credentials and the accounts and plans they stand for
 * @param state       where limit state lives: memory, or Redis shared by a cluster
 * @param history     the history store replays read and the recorder writes
 * @param credits     where credit counts persist
 */
public record SluiceConfig(String description, ServerConfig server, FeedConfig feed, List<ServiceConfig> services,
                           List<Plan> plans, boolean shadowLimits, List<Accounts.Credential> accounts,
                           StateConfig state, HistoryConfig history, CreditsConfig credits) {

    public SluiceConfig {
        services = List.copyOf(services);
        plans = List.copyOf(plans);
        accounts = List.copyOf(accounts);
        java.util.Objects.requireNonNull(state, "state");
        history = history == null ? HistoryConfig.NONE : history;
        credits = credits == null ? CreditsConfig.NONE : credits;
    }

    /** A configuration with limit state in memory. */
    public SluiceConfig(String description, ServerConfig server, FeedConfig feed, List<ServiceConfig> services,
                        List<Plan> plans, boolean shadowLimits, List<Accounts.Credential> accounts) {
        this(description, server, feed, services, plans, shadowLimits, accounts, StateConfig.DEFAULTS);
    }

    /** A configuration without a history store or a credit ledger. */
    public SluiceConfig(String description, ServerConfig server, FeedConfig feed, List<ServiceConfig> services,
                        List<Plan> plans, boolean shadowLimits, List<Accounts.Credential> accounts,
                        StateConfig state) {
        this(description, server, feed, services, plans, shadowLimits, accounts, state, HistoryConfig.NONE,
            CreditsConfig.NONE);
    }

    public SluiceConfig withState(StateConfig newState) {
        return new SluiceConfig(description, server, feed, services, plans, shadowLimits, accounts, newState,
            history, credits);
    }

    public SluiceConfig withServer(ServerConfig newServer) {
        return new SluiceConfig(description, newServer, feed, services, plans, shadowLimits, accounts, state,
            history, credits);
    }

    public SluiceConfig withServices(List<ServiceConfig> newServices) {
        return new SluiceConfig(description, server, feed, newServices, plans, shadowLimits, accounts, state,
            history, credits);
    }

    public SluiceConfig withHistory(HistoryConfig newHistory) {
        return new SluiceConfig(description, server, feed, services, plans, shadowLimits, accounts, state,
            newHistory, credits);
    }

    public SluiceConfig withCredits(CreditsConfig newCredits) {
        return new SluiceConfig(description, server, feed, services, plans, shadowLimits, accounts, state, history,
            newCredits);
    }
}
