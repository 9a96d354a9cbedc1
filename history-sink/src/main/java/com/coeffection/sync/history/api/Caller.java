package com.coeffection.sync.history.api;

/** Who is asking: an operator (every tenant) or one tenant's support staff. */
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
}
