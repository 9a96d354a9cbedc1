package com.coeffection.sync.history.api;

/**
 * Who is asking: an operator (every tenant), one tenant's support staff, or one tenant's admin (when the integration
 * page is served beside the history, its admins read their own tenant's history with the same sign-in).
 */
public sealed interface Caller {

    /** Whether this caller may read and act on the entries of {@code tenant}. */
    boolean mayRead(String tenant);

    /** A name for logs and for the requests the caller publishes (never the token). */
    String name();

    record Operator() implements Caller {
        @Override
        public boolean mayRead(String tenant) {
            return true;
        }

        @Override
        public String name() {
            return "operator";
        }
    }

    record Tenant(String tenantId) implements Caller {
        @Override
        public boolean mayRead(String tenant) {
            return tenantId.equals(tenant);
        }

        @Override
        public String name() {
            return "support:" + tenantId;
        }
    }

    record Admin(String tenantId) implements Caller {
        @Override
        public boolean mayRead(String tenant) {
            return tenantId.equals(tenant);
        }

        @Override
        public String name() {
            return "admin:" + tenantId;
        }
    }

    /** The one tenant this caller is limited to, or null for the operator. */
    static String tenantOf(Caller caller) {
        if (caller instanceof Tenant t) {
            return t.tenantId();
        }
        return caller instanceof Admin a ? a.tenantId() : null;
    }
}
