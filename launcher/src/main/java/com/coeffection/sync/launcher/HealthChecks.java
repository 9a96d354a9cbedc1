package com.coeffection.sync.launcher;

import com.coeffection.sync.launcher.health.BrokerCheck;
import com.coeffection.sync.launcher.health.Check;
import com.coeffection.sync.launcher.health.Health;
import com.coeffection.sync.launcher.health.MappedTenants;
import com.coeffection.sync.launcher.health.RegistryCheck;
import com.coeffection.sync.launcher.health.SinkAssignmentCheck;
import com.coeffection.sync.launcher.health.StreamsCheck;
import com.coeffection.sync.monday.sink.MondaySinkWorker;
import com.coeffection.sync.processor.ProcessorApp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** The checks of each part, as the launcher's commands serve them on /health and /ready. */
final class HealthChecks {
    private HealthChecks() {
    }

    /** Readiness of what every part depends on: the broker and the registry. */
    static Health dependencies(Health health, Infrastructure infra) {
        health.ready(health.own(new BrokerCheck(infra.bootstrapServers())));
        health.ready(new RegistryCheck(infra.schemaRegistryUrl()));
        return health;
    }

    /** The processor: alive unless failed or stuck rebalancing; ready while RUNNING (see {@link StreamsCheck}). */
    static Health processor(Health health, ProcessorApp processor, LauncherConfig config) {
        StreamsCheck streams = health.own(new StreamsCheck(processor::state, config.rebalanceGrace(), config.rebalanceBound()));
        health.live(streams.liveness());
        health.ready(streams.readiness());
        return health;
    }

    /** The sink: alive while its poll loop runs; ready when its group has every command partition assigned. */
    static Health sink(Health health, MondaySinkWorker sink, Infrastructure infra, LauncherConfig config, String group) {
        health.live(simple("sink-alive", sink::isRunning, "the monday sink loop runs",
                "the monday sink loop has stopped: restart the sink (see its log)"));
        Admin admin = health.own(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2500, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000)));
        health.ready(new SinkAssignmentCheck(admin, group, config.topics().mondayCommands()));
        return health;
    }

    /** How often the sink's process reads the published mappings again for tenants added since. */
    static final java.time.Duration TENANT_REFRESH = java.time.Duration.ofSeconds(30);

    /**
     * One readiness check per tenant of the board mappings: its monday connection as the sink last saw it; a tenant
     * published later gets its check within {@link #TENANT_REFRESH} ({@link MappedTenants}).
     */
    static Health mondayConnections(Health health, MondaySinkWorker sink, Infrastructure infra, LauncherConfig config) {
        MappedTenants tenants = health.own(new MappedTenants(
                () -> tenants(infra, config), sink::connectionState, java.time.Clock.systemUTC()).start(TENANT_REFRESH));
        return health.readyEach(tenants::checks);
    }

    /** The tenants of the board mappings published on the mappings topic. */
    static java.util.Set<String> tenants(Infrastructure infra, LauncherConfig config) {
        java.util.Set<String> tenants = new java.util.TreeSet<>();
        PublishedMappings.read(infra.bootstrapServers(), infra.schemaRegistryUrl(), config.topics().boardMappings())
                .values().forEach(m -> tenants.add(m.getTenantId()));
        return tenants;
    }

    /**
     * The connections part (the integration page and the token store the sink reads): up when its
     * /connections/health answers 200 (the server that serves it and its watchers of the sink's outcomes and of the
     * history run).
     */
    static Health connections(Health health, java.net.URI baseUrl) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
        java.net.URI url = baseUrl.resolve("/connections/health");
        return health.live(simple("connections", () -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(url).timeout(java.time.Duration.ofSeconds(3)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, "the integration page answers at " + baseUrl + "/connections/",
                "the integration page at " + baseUrl + " does not answer or its watcher of the sink's outcomes stopped:"
                        + " see the launcher's log (connections)"));
    }

    /** A check from a yes/no question. */
    static Check simple(String name, BooleanSupplier up, String whenUp, String whenDown) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check() {
                return up.getAsBoolean() ? Result.up(whenUp) : Result.down(whenDown);
            }
        };
    }
}
