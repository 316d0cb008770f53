package dev.distill4j.model.checkpoint;

import dev.distill4j.core.io.InputException;

/**
 * A checkpoint folder or safetensors file that cannot be read as it is: truncated, malformed, or not
 * matching its config. The message names the file and the tensor. It is an {@link InputException}
 * because the fix is in the file, not in the code, and the command line reports it as bad input.
 */
public class CheckpointException extends InputException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
