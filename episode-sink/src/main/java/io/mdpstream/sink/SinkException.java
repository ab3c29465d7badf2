package io.mdpstream.sink;

/**
 * The sink cannot start or go on: the output directory is not writable, Kafka or the schema
 * registry cannot be reached, or the stored dataset is not one this sink wrote. The message says
 * what is wrong and where.
 */
public class SinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
