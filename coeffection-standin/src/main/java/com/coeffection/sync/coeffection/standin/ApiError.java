package com.coeffection.sync.coeffection.standin;

import java.util.Map;

/**
 * An API request the stand-in refuses, answered as Coeffection does: the HTTP status and
 * {@code {"error": {"code": ..., "message": ...}}}, plus headers (e.g. Retry-After).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
