package io.mdpstream.registry;

/** No registry URL could be reached, or none answered in time. Often transient. */
public class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
