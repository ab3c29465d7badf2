package io.mdpstream.sim.params;

/** A parameter file or value is wrong; the message names the file and the key. */
public class ParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ParameterException(String message) {
        super(message);
    }

    public ParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
