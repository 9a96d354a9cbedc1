package com.coeffection.sync.coeffection.standin;

/**
 * An API key: the tenant it belongs to and the plan whose limits it has. Keys look like Coeffection's
 * ({@code ck_live_...} or {@code ck_test_...}); the key itself is a secret and never logged.
 */
public record ApiKey(String key, String tenantId, Plan plan) {
    public ApiKey {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("An API key must not be blank");
        }
    }

    @Override
    public String toString() {
        return "ApiKey[tenant=" + tenantId + ", plan=" + plan + ", key=" + key.substring(0, Math.min(8, key.length())) + "...]";
    }
}
