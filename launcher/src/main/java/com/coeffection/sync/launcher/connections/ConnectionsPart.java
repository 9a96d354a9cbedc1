package com.coeffection.sync.launcher.connections;

import com.coeffection.sync.connections.ConnectionsApp;
import com.coeffection.sync.connections.ConnectionsConfig;
import com.coeffection.sync.connections.mappings.MappingService;
import com.coeffection.sync.connections.oauth.OAuthSettings;
import com.coeffection.sync.history.HistoryApp;
import com.coeffection.sync.launcher.provisioning.BoardProvisioner;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.oauth.StandInOAuth;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import com.coeffection.sync.infra.Ports;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the connections server for the launcher: the integration page, the encrypted token store the sink reads,
 * and the mappings API. On the monday stand-in with no app configured (MONDAY_OAUTH_CLIENT_ID), it connects through
 * the stand-in's OAuth screens. Mappings published through the API go through {@code publisher} (the launcher's:
 * boards created automatically, then backfilled). The admin token files are printed by path, never the tokens.
 */
public final class ConnectionsPart {
    private ConnectionsPart() {
    }

    /** Publishes mappings as the launcher does (provisioning and backfill included); returns what was published. */
    @FunctionalInterface
    public interface Publisher {
        List<BoardMapping> publish(List<BoardMapping> mappings);
    }

    /** Starts the connections part on a server of its own (CONNECTIONS_PORT, a free port when that is taken). */
    public static ConnectionsApp start(Map<String, String> env, Path dataDir, String bootstrapServers, String registryUrl,
                                       SyncTopics topics, MondayStandIn standIn, MeterRegistry metrics,
                                       Publisher publisher) {
        ConnectionsConfig config = config(env, dataDir, standIn);
        MappingService.MappingTarget target = target(publisher);
        String starter = starter(env, standIn != null);
        ConnectionsApp app;
        try {
            app = ConnectionsApp.start(config, bootstrapServers, registryUrl, topics, metrics, target, starter);
        } catch (RuntimeException e) {
            if (env.containsKey("CONNECTIONS_PORT") || !Ports.inUse(e)) {
                throw e;
            }
            // the default port is taken (another pipeline on this machine): a free one; the address is printed below
            app = ConnectionsApp.start(config.withPort(0), bootstrapServers, registryUrl, topics, metrics, target, starter);
        }
        System.out.printf("Integration page (connect monday, board mappings) at %s/connections/ (admin tokens in %s"
                + " unless CONNECTIONS_ADMIN_TOKENS is set)%n", app.baseUrl(), config.dataDir());
        return app;
    }

    /**
     * Starts the connections part without a server: the sink can read its tokens at once, and the page is served
     * beside the Sync History ({@link #besideHistory}) once that server starts.
     */
    public static ConnectionsApp startUnserved(Map<String, String> env, Path dataDir, String bootstrapServers,
                                               String registryUrl, SyncTopics topics, MondayStandIn standIn,
                                               MeterRegistry metrics, Publisher publisher) {
        ConnectionsApp app = ConnectionsApp.create(config(env, dataDir, standIn), bootstrapServers, registryUrl, topics,
                metrics, target(publisher), starter(env, standIn != null));
        try {
            return app.startFollowing();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** The integration page as pages of the history's web server: the same server, the same sign-in. */
    public static HistoryApp.WebExtension besideHistory(ConnectionsApp app) {
        return new HistoryApp.WebExtension() {
            @Override
            public void configure(JavalinConfig config) {
                app.configureWeb(config);
            }

            @Override
            public void routes(Javalin http, HistoryApp.UnexpectedFailure otherPaths) {
                app.routes(http, otherPaths::handle);
            }

            @Override
            public Optional<String> adminTenant(String token) {
                return app.adminTenant(token);
            }

            @Override
            public void servedAt(String baseUrl) {
                app.servedAt(baseUrl);
                System.out.printf("Integration page (connect monday, board mappings) at %s/connections/, beside the"
                        + " Sync History (admin tokens in %s unless CONNECTIONS_ADMIN_TOKENS is set)%n", baseUrl,
                        app.config().dataDir());
            }
        };
    }

    private static ConnectionsConfig config(Map<String, String> env, Path dataDir, MondayStandIn standIn) {
        ConnectionsConfig config = ConnectionsConfig.fromEnv(env, dataDir);
        if (config.oauth() == null && standIn != null) {
            config = config.withOAuth(new OAuthSettings(standIn.baseUrl().resolve("/oauth2/authorize"),
                    standIn.baseUrl().resolve("/oauth2/token"), standIn.baseUrl().resolve("/oauth2/revoke"),
                    StandInOAuth.CLIENT_ID, StandInOAuth.CLIENT_SECRET, OAuthSettings.SCOPES));
        }
        return config;
    }

    private static MappingService.MappingTarget target(Publisher publisher) {
        return (tenant, mappings, warnings) -> {
            try {
                return publisher.publish(mappings).stream()
                        .map(m -> RecordKeys.mappingKey(m.getTenantId(), m.getEntityType())).toList();
            } catch (BoardProvisioner.ProvisioningException e) {
                throw new MappingService.NotPublished(e.getMessage());
            }
        };
    }

    /**
     * The document the page offers a tenant that has published none: the first SYNC_BOARD_MAPPINGS file, else on the
     * stand-in the bundled demo mappings; null when neither.
     */
    static String starter(Map<String, String> env, boolean onStandIn) {
        try {
            String files = env.get("SYNC_BOARD_MAPPINGS");
            if (files != null && !files.isBlank()) {
                return java.nio.file.Files.readString(Path.of(files.split(",")[0].trim()));
            }
            if (onStandIn) {
                try (var in = ConnectionsPart.class.getResourceAsStream("/embedded/demo-board-mappings.yaml")) {
                    return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the starter board mapping", e);
        }
    }

}
