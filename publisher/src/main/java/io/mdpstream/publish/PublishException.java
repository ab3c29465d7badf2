package io.mdpstream.publish;

/**
 * A run cannot be published as asked: Kafka or the registry cannot be reached, a topic exists with
 * settings that do not fit, or a restarted run does not match its checkpoint. The message says what
 * and how to fix it.
 */
public class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
