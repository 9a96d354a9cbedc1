package com.coeffection.sync.coeffection.standin;

import java.util.Locale;

/** Coeffection's API plans and their request limits per API key. */
public enum Plan {
    STARTER(60, 10_000),
    PROFESSIONAL(300, 100_000),
    /** Unlimited requests per day. */
    ENTERPRISE(1_000, Long.MAX_VALUE);

    private final int perMinute;
    private final long perDay;

    Plan(int perMinute, long perDay) {
        this.perMinute = perMinute;
        this.perDay = perDay;
    }

    public int perMinute() {
        return perMinute;
    }

    public long perDay() {
        return perDay;
    }

    public static Plan parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown Coeffection plan '" + name + "': one of starter, professional, enterprise");
        }
    }
}
