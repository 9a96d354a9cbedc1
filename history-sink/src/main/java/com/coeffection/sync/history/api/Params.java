package com.coeffection.sync.history.api;

import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncDirection;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and checks query parameters; anything malformed is a {@link BadRequestException} naming it. */
final class Params {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Set<String> STATUSES = Arrays.stream(HistoryStatus.values()).map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final Set<String> DIRECTIONS = Set.of(SyncDirection.COEFFECTION_TO_MONDAY.name(),
            SyncDirection.MONDAY_TO_COEFFECTION.name(), SyncDirection.NONE.name());

    private Params() {
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequestException("limit must be a whole number from 1 to 500, got '" + raw + "'");
    }

    /** A point in time: ISO-8601 ({@code 2026-12-01T08:00:00Z}) or an age back from now ({@code 90m}, {@code 24h}, {@code 7d}). */
    static Instant time(String name, String raw, Clock clock) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        Matcher m = AGE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration age = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(age);
        }
        try {
            return clock.instant().minus(Duration.parse(v));
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 time such as 2026-12-01T08:00:00Z or an age"
                    + " such as 90m, 24h or 7d; got '" + raw + "'");
        }
    }

    static Set<String> statuses(Context ctx) {
        return names(ctx, "status", STATUSES);
    }

    static Set<String> directions(Context ctx) {
        return names(ctx, "direction", DIRECTIONS);
    }

    static Set<String> codes(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static Set<String> names(Context ctx, String name, Set<String> allowed) {
        Set<String> values = codes(ctx, name).stream().map(s -> s.toUpperCase(java.util.Locale.ROOT))
                .collect(Collectors.toSet());
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw new BadRequestException(name + " must be one or more (comma separated) of " + allowed
                        + "; got '" + v + "'");
            }
        }
        return values;
    }

    /** The query parameters named, as given (to forward to the other instances). */
    static Map<String, String> passOn(Context ctx, String... names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String v = ctx.queryParam(n);
            if (v != null) {
                out.put(n, v);
            }
        }
        return out;
    }

    static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is required");
        }
        return value.trim();
    }
}
