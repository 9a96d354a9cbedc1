package com.coeffection.sync.connections.web;

/**
 * An admin of one tenant: connects monday, picks the workspace, disconnects, and publishes board mappings for that
 * tenant only. A role of its own, separate from the support staff who read sync history.
 */
public record Admin(String tenant) {
    /** Whether this admin may change {@code other}'s connection and mappings. */
    public boolean mayChange(String other) {
        return tenant.equals(other);
    }

    /** The name recorded with each change (never a token). */
    public String name() {
        return "admin:" + tenant;
    }
}
