package com.coeffection.sync.connections;

import com.coeffection.sync.connections.oauth.OAuthSettings;
import com.coeffection.sync.connections.tokens.TokenCipher;
import com.coeffection.sync.connections.web.AdminTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the connections server runs. Every setting has an environment variable (see docs/connecting.md).
 *
 * @param host         where the page and API listen [CONNECTIONS_HOST, 127.0.0.1]
 * @param port         [CONNECTIONS_PORT, 8096; 0 for a free one]
 * @param publicUrl    the address admins' browsers reach, from which the OAuth redirect URI is made
 *                     [CONNECTIONS_PUBLIC_URL, http://127.0.0.1:port]
 * @param dataDir      where connections, mappings and the audit log are kept [CONNECTIONS_DATA_DIR, SYNC_DATA_DIR/connections]
 * @param cipher       the token key [CONNECTIONS_TOKEN_KEY, base64 of 32 bytes; made once in dataDir/token-key when unset]
 * @param admins       the admins' tokens [CONNECTIONS_ADMIN_TOKENS=tenant=token,...; when unset one is made for each of
 *                     CONNECTIONS_TENANTS (default demo) in dataDir/admin-token.tenant]
 * @param oauth        the monday app [MONDAY_OAUTH_*], null when not configured
 * @param mondayApiUrl monday's GraphQL endpoint [MONDAY_API_URL]
 */
public record ConnectionsConfig(String host, int port, URI publicUrl, Path dataDir, TokenCipher cipher,
                                AdminTokens admins, OAuthSettings oauth, URI mondayApiUrl) {

    public static ConnectionsConfig fromEnv(Map<String, String> env, Path syncDataDir) {
        Path dataDir = Path.of(env.getOrDefault("CONNECTIONS_DATA_DIR", syncDataDir.resolve("connections").toString()));
        int port = Integer.parseInt(env.getOrDefault("CONNECTIONS_PORT", "8096"));
        String host = env.getOrDefault("CONNECTIONS_HOST", "127.0.0.1");
        String key = env.get("CONNECTIONS_TOKEN_KEY");
        TokenCipher cipher = TokenCipher.fromBase64(key != null && !key.isBlank() ? key
                : madeOnce(dataDir.resolve("token-key"), TokenCipher::newKey));
        String admins = env.get("CONNECTIONS_ADMIN_TOKENS");
        AdminTokens adminTokens;
        if (admins != null && !admins.isBlank()) {
            adminTokens = AdminTokens.parse(admins);
        } else {
            Map<String, String> made = new LinkedHashMap<>();
            for (String tenant : List.of(env.getOrDefault("CONNECTIONS_TENANTS", "demo").split(","))) {
                made.put(tenant.trim(), madeOnce(dataDir.resolve("admin-token." + tenant.trim()), ConnectionsConfig::randomToken));
            }
            adminTokens = AdminTokens.of(made);
        }
        String publicUrl = env.get("CONNECTIONS_PUBLIC_URL");
        return new ConnectionsConfig(host, port, publicUrl == null || publicUrl.isBlank() ? null : URI.create(publicUrl),
                dataDir, cipher, adminTokens, OAuthSettings.fromEnv(env),
                URI.create(env.getOrDefault("MONDAY_API_URL", "https://api.monday.com/v2")));
    }

    /** The same settings with another monday app (the launcher sets the stand-in's). */
    public ConnectionsConfig withOAuth(OAuthSettings oauth) {
        return new ConnectionsConfig(host, port, publicUrl, dataDir, cipher, admins, oauth, mondayApiUrl);
    }

    public ConnectionsConfig withPort(int port) {
        return new ConnectionsConfig(host, port, publicUrl, dataDir, cipher, admins, oauth, mondayApiUrl);
    }

    /** A secret kept in a file readable by its owner only, made the first time. */
    static String madeOnce(Path file, java.util.function.Supplier<String> make) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String value = make.get();
            Files.writeString(file, value, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make " + file, e);
        }
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "ConnectionsConfig[" + host + ":" + port + ", dataDir=" + dataDir + ", admins=" + admins + ", oauth="
                + oauth + ", monday=" + mondayApiUrl + "]";
    }
}
