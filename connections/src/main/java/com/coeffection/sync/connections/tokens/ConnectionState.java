package com.coeffection.sync.connections.tokens;

/** Where a tenant's monday connection stands. */
public enum ConnectionState {
    /** Never connected through this integration page. */
    NOT_CONNECTED,
    /** A token is stored and monday accepted it last time we know of. */
    CONNECTED,
    /** monday refused the stored token (the admin who connected left, or revoked the app): reconnect with a current admin. */
    RECONNECT_NEEDED,
    /** An admin disconnected: the tenant's changes wait, undelivered, until someone connects again. */
    DISCONNECTED
}
