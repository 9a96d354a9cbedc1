package com.coeffection.sync.ingress;

import java.util.Optional;
import java.util.regex.Pattern;

/** The tenant id in a webhook URL: 1 to 128 letters, digits, '_', '-' or '.', starting with a letter or digit. */
public final class Tenants {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private Tenants() {
    }

    /** Empty when usable; otherwise the problem (a ':' would break the record keys). */
    public static Optional<WebhookProblem> check(String tenant) {
        if (tenant != null && TENANT.matcher(tenant).matches()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookProblem(ProblemType.INVALID_TENANT, "The tenant in the URL is not a usable tenant id: "
                + "1 to 128 letters, digits, '_', '-' or '.' are expected"));
    }

    /** The tenant as it may appear in a log line: itself when usable, otherwise a placeholder (no log injection). */
    public static String forLog(String tenant) {
        return check(tenant).isEmpty() ? tenant : "(invalid tenant id)";
    }
}
