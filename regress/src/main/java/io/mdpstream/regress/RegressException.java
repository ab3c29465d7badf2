package io.mdpstream.regress;

/**
 * The regression cannot run on this input: the baseline is not a dataset, its scenario or scenario
 * version is gone, its parameters no longer load, the candidate policy is unknown; or, with an
 * external agent, Kafka or the schema registry cannot be used. The message names what is wrong and
 * what to do; a command reports it as a usage error.
 */
public final class RegressException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegressException(String message) {
        super(message);
    }

    public RegressException(String message, Throwable cause) {
        super(message, cause);
    }
}
