package dev.edgerunbooks.lab;

import java.util.Map;

/** An API error: HTTP status, message (first line becomes the reason phrase) and optional per-parameter errors. */
public class ApiException extends RuntimeException {
    final int status;
    final Map<String, String> errors;

    public ApiException(int status, String message) { this(status, message, null); }

    public ApiException(int status, String message, Map<String, String> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = errors;
    }

    public int status() { return status; }

    public Map<String, String> errors() { return errors; }

    static ApiException param(String name, String msg) {
        return new ApiException(400, "Parameter verification failed.", Map.of(name, msg));
    }

    static ApiException fail(String msg) { return new ApiException(500, msg); }
}
