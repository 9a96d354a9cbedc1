package com.coeffection.sync.history.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The bearer tokens of the history API: one per tenant (that tenant's entries only) and one operator token (every
 * tenant). Tokens are compared in constant time and never logged or shown.
 */
public final class ApiTokens {
    private final Map<String, byte[]> byTenant;
    private final byte[] operator;
    private final Function<String, Optional<String>> admins;

    private ApiTokens(Map<String, byte[]> byTenant, byte[] operator, Function<String, Optional<String>> admins) {
        this.byTenant = byTenant;
        this.operator = operator;
        this.admins = admins;
    }

    /**
     * These tokens, and the admin tokens of the integration page served beside the history: {@code adminTenant}
     * answers the tenant an admin token belongs to. An admin reads their own tenant's history as support staff do;
     * a history token still opens nothing on the integration page.
     */
    public ApiTokens withAdmins(Function<String, Optional<String>> adminTenant) {
        return new ApiTokens(byTenant, operator, adminTenant);
    }

    /**
     * @param tenantTokens  {@code tenant=token,tenant2=token2} (HISTORY_TENANT_TOKENS), may be null
     * @param operatorToken the operator token (HISTORY_OPERATOR_TOKEN), may be null
     * @throws IllegalArgumentException naming the malformed part (not its token)
     */
    public static ApiTokens parse(String tenantTokens, String operatorToken) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        if (tenantTokens != null && !tenantTokens.isBlank()) {
            int n = 0;
            for (String pair : tenantTokens.split(",")) {
                n++;
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("HISTORY_TENANT_TOKENS entry " + n
                            + " is not of the form tenant=token");
                }
                tokens.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim().getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] op = operatorToken == null || operatorToken.isBlank() ? null
                : operatorToken.trim().getBytes(StandardCharsets.UTF_8);
        return new ApiTokens(tokens, op, token -> Optional.empty());
    }

    public static ApiTokens of(Map<String, String> tenantTokens, String operatorToken) {
        StringBuilder joined = new StringBuilder();
        tenantTokens.forEach((t, k) -> joined.append(joined.isEmpty() ? "" : ",").append(t).append('=').append(k));
        return parse(joined.toString(), operatorToken);
    }

    /** The caller a bearer token stands for, if any. */
    public Optional<Caller> caller(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        if (operator != null && MessageDigest.isEqual(operator, given)) {
            return Optional.of(new Caller.Operator());
        }
        for (Map.Entry<String, byte[]> e : byTenant.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), given)) {
                return Optional.of(new Caller.Tenant(e.getKey()));
            }
        }
        return admins.apply(token).map(Caller.Admin::new);
    }

    public Set<String> tenants() {
        return byTenant.keySet();
    }

    public boolean hasOperator() {
        return operator != null;
    }

    @Override
    public String toString() {
        return "ApiTokens[tenants=" + tenants() + ", operator=" + (hasOperator() ? "set" : "unset") + "]";
    }
}
