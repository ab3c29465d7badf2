package io.mdpstream.registry;

/** A schema registry call failed. Subclasses tell a refusal by the registry from not reaching it. */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
