package com.coeffection.sync.connections.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admins' bearer tokens, one per tenant ({@code CONNECTIONS_ADMIN_TOKENS=tenant=token,...}). They are not the
 * history tokens: a support token opens nothing here. Compared in constant time, never logged.
 */
public final class AdminTokens {
    private final Map<String, byte[]> byTenant;

    private AdminTokens(Map<String, byte[]> byTenant) {
        this.byTenant = byTenant;
    }

    /** @throws IllegalArgumentException naming the malformed entry (never its token) */
    public static AdminTokens parse(String spec) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            int n = 0;
            for (String pair : spec.split(",")) {
                n++;
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("CONNECTIONS_ADMIN_TOKENS entry " + n + " is not of the form tenant=token");
                }
                tokens.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new AdminTokens(tokens);
    }

    public static AdminTokens of(Map<String, String> tokens) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        tokens.forEach((t, k) -> copy.put(t, k.getBytes(StandardCharsets.UTF_8)));
        return new AdminTokens(copy);
    }

    /** The admin a token stands for, if any. */
    public Optional<Admin> admin(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Admin found = null;
        for (Map.Entry<String, byte[]> e : byTenant.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), given)) {
                found = new Admin(e.getKey());
            }
        }
        return Optional.ofNullable(found);
    }

    public Set<String> tenants() {
        return byTenant.keySet();
    }

    @Override
    public String toString() {
        return "AdminTokens[tenants=" + tenants() + "]";
    }
}
