package io.mdpstream.cli;

/** Something the user asked for cannot be done as asked; exits 2 with the message, before any work. */
final class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UserInputException(String message) {
        super(message);
    }

    UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
