package dev.distill4j.core.store;

/** A run-store operation failed: the message names the store file, the table and what went wrong. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
