package io.mdpstream.validate.stats;

/**
 * A reference profile file that cannot be used: unreadable, not JSON, or not a valid profile. The message names the
 * file and the problem.
 */
public class ProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
