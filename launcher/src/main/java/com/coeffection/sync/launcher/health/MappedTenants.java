package com.coeffection.sync.launcher.health;

import com.coeffection.sync.monday.sink.retry.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tenants of the published board mappings, read again every {@code period}, and one
 * {@link MondayConnectionCheck} per tenant known so far.
 *
 * <p>Rule: a tenant whose first mapping is published while the sink runs gets its {@code monday-<tenant>}
 * readiness check within one period, without a restart. A tenant is never dropped while the process runs (its
 * commands may still be waiting); a read that fails keeps the tenants known and is logged.
 */
public final class MappedTenants implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MappedTenants.class);

    private final Supplier<? extends Collection<String>> read;
    private final Function<String, Optional<ConnectionState>> states;
    private final Clock clock;
    private final Set<String> tenants = new TreeSet<>();
    private ScheduledExecutorService refresher;

    /**
     * @param read   reads the tenants of the published mappings (the whole compacted topic)
     * @param states the sink's connection state per tenant
     */
    public MappedTenants(Supplier<? extends Collection<String>> read, Function<String, Optional<ConnectionState>> states,
                         Clock clock) {
        this.read = read;
        this.states = states;
        this.clock = clock;
    }

    /** Reads the tenants now (so the first readiness answer has them), then every {@code period} in the background. */
    public MappedTenants start(Duration period) {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-mapped-tenants");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the published mappings' tenants once and adds the new ones. */
    public void refresh() {
        try {
            Collection<String> found = read.get();
            synchronized (this) {
                for (String tenant : found) {
                    if (tenants.add(tenant)) {
                        log.info("monday connection check added for tenant {}", tenant);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the published board mappings for the monday connection checks ({}); "
                    + "keeping the {} tenant(s) known", e.getMessage(), tenants.size());
        }
    }

    /** One connection check per tenant known now, by tenant. */
    public synchronized List<Check> checks() {
        return tenants.stream().<Check>map(t -> new MondayConnectionCheck(t, states, clock)).toList();
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
