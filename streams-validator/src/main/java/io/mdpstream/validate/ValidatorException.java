package io.mdpstream.validate;

/** The validator cannot start or go on: the message says what is wrong and where. */
public class ValidatorException extends RuntimeException {

    public ValidatorException(String message) {
        super(message);
    }

    public ValidatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
