package com.coeffection.sync.history.api;

/** A request the API cannot take as written; the message names the parameter and what it must be. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
