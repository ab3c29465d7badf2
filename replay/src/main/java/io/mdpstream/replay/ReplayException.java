package io.mdpstream.replay;

/**
 * A replay cannot start or go on: the source is not an mdpstream dataset, Kafka or the schema
 * registry cannot be reached, or a target topic does not fit. The message says what is wrong and where.
 */
public class ReplayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
