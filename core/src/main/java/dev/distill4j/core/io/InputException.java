package dev.distill4j.core.io;

/** Bad input in a file a person wrote: the message names the file, the line and the field. */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
