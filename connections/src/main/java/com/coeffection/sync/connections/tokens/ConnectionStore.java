package com.coeffection.sync.connections.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tenants' monday connections, one JSON file per tenant in a directory, the token encrypted with
 * {@link TokenCipher}. A change is written to a new file and moved over the old one, so a crash leaves the previous
 * connection or the new one, never half of one. Decrypted tokens are kept in memory only, and never logged.
 */
public final class ConnectionStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionStore.class);
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path directory;
    private final TokenCipher cipher;
    private final Clock clock;
    private final Map<String, StoredConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, String> plainTokens = new ConcurrentHashMap<>();

    public ConnectionStore(Path directory, TokenCipher cipher, Clock clock) {
        this.directory = directory;
        this.cipher = cipher;
        this.clock = clock;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    StoredConnection c = JSON.readValue(file.toFile(), StoredConnection.class);
                    connections.put(c.tenant(), c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the monday connections in " + directory, e);
        }
    }

    /** Whether a tenant id can name a connection (it is a file name). */
    public static boolean validTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    public Optional<StoredConnection> get(String tenant) {
        return Optional.ofNullable(connections.get(tenant));
    }

    public List<StoredConnection> all() {
        return new ArrayList<>(connections.values());
    }

    /**
     * A token monday just issued for the tenant. A reconnect to the same monday account keeps the workspace picked
     * before; another account has to pick again.
     */
    public synchronized StoredConnection connect(String tenant, String token, StoredConnection.MondayAccount account,
                                                 String scope) {
        return connect(tenant, token, account, scope, null, null);
    }

    /**
     * The same, with the refresh token monday gave and the token's lifetime in seconds (either null when monday gave
     * none).
     */
    public synchronized StoredConnection connect(String tenant, String token, StoredConnection.MondayAccount account,
                                                 String scope, String refreshToken, Long lifetimeSeconds) {
        requireTenant(tenant);
        StoredConnection before = connections.get(tenant);
        boolean sameAccount = before != null && before.account() != null && account != null
                && before.account().accountId() == account.accountId();
        var now = clock.instant();
        StoredConnection c = new StoredConnection(tenant, ConnectionState.CONNECTED, cipher.encrypt(token, tenant), account,
                scope, sameAccount ? before.workspaceId() : null, sameAccount ? before.workspaceName() : null, now, now, null,
                refreshToken == null ? null : cipher.encrypt(refreshToken, tenant + "/refresh"),
                lifetimeSeconds == null ? null : now.plusSeconds(lifetimeSeconds), lifetimeSeconds);
        save(c);
        plainTokens.put(tenant, token);
        return c;
    }

    /**
     * A renewed token pair for a tenant whose current token is still {@code previousToken} (a reconnect or another
     * renewal in between wins: nothing changes).
     *
     * @return whether it was stored
     */
    public synchronized boolean renewed(String tenant, String previousToken, String token, String refreshToken,
                                        Long lifetimeSeconds) {
        StoredConnection c = connections.get(tenant);
        if (c == null || c.encryptedToken() == null || !previousToken.equals(token(tenant))) {
            return false;
        }
        save(c.renewed(cipher.encrypt(token, tenant), refreshToken == null ? null
                : cipher.encrypt(refreshToken, tenant + "/refresh"),
                lifetimeSeconds == null ? null : clock.instant().plusSeconds(lifetimeSeconds), lifetimeSeconds));
        plainTokens.put(tenant, token);
        return true;
    }

    /** The tenant's refresh token, or null when it has none. Never logged. */
    public String refreshToken(String tenant) {
        StoredConnection c = connections.get(tenant);
        return c == null || c.encryptedRefreshToken() == null ? null
                : cipher.decrypt(c.encryptedRefreshToken(), tenant + "/refresh");
    }

    public synchronized StoredConnection chooseWorkspace(String tenant, long workspaceId, String workspaceName) {
        StoredConnection c = require(tenant).withWorkspace(workspaceId, workspaceName, clock.instant());
        save(c);
        return c;
    }

    /**
     * monday refused the tenant's token. Only a connected tenant changes; a token refused that is no longer the stored
     * one (a reconnect came in between) changes nothing.
     *
     * @return whether the state changed
     */
    public synchronized boolean reconnectNeeded(String tenant, String refusedToken, String reason) {
        StoredConnection c = connections.get(tenant);
        if (c == null || c.state() != ConnectionState.CONNECTED
                || (refusedToken != null && !refusedToken.equals(token(tenant)))) {
            return false;
        }
        save(c.with(ConnectionState.RECONNECT_NEEDED, c.encryptedToken(), clock.instant(), reason));
        LOG.warn("tenant {}: monday refused the stored token ({}); the integration page asks for a reconnect", tenant, reason);
        return true;
    }

    /** Forgets the token: the sink gets none for this tenant, so its changes wait until a reconnect. */
    public synchronized StoredConnection disconnect(String tenant, String by) {
        StoredConnection c = require(tenant).with(ConnectionState.DISCONNECTED, null, clock.instant(), "disconnected by " + by);
        save(c);
        plainTokens.remove(tenant);
        return c;
    }

    /** Whether the tenant's token comes from this store (it connected here at least once). */
    public boolean manages(String tenant) {
        return connections.containsKey(tenant);
    }

    /** The tenant's token, or null when it has none (never connected here, or disconnected). */
    public String token(String tenant) {
        StoredConnection c = connections.get(tenant);
        if (c == null || c.encryptedToken() == null) {
            return null;
        }
        return plainTokens.computeIfAbsent(tenant, t -> cipher.decrypt(c.encryptedToken(), t));
    }

    private StoredConnection require(String tenant) {
        StoredConnection c = connections.get(tenant);
        if (c == null) {
            throw new IllegalStateException("tenant " + tenant + " has not connected monday");
        }
        return c;
    }

    private static void requireTenant(String tenant) {
        if (!validTenant(tenant)) {
            throw new IllegalArgumentException("not a tenant id: " + tenant);
        }
    }

    private void save(StoredConnection c) {
        Objects.requireNonNull(c.tenant());
        Path file = directory.resolve(c.tenant() + ".json");
        Path tmp = directory.resolve(c.tenant() + ".json.tmp");
        try {
            JSON.writeValue(tmp.toFile(), c);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the monday connection of tenant " + c.tenant(), e);
        }
        connections.put(c.tenant(), c);
    }
}
