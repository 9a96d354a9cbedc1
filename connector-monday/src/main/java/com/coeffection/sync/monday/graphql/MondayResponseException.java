package com.coeffection.sync.monday.graphql;

/** monday (or something in between) answered with a body the client cannot read. */
public final class MondayResponseException extends RuntimeException {
    public MondayResponseException(String message) {
        super(message);
    }
}
