package io.mdpstream.embedded;

/** The embedded broker or registry could not start; the message says why and what to change. */
public class StackStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackStartException(String message) {
        super(message);
    }

    public StackStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
