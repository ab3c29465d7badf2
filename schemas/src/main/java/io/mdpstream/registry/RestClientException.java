package io.mdpstream.registry;

/**
 * The registry answered with an error. {@link #errorCode()} is the Confluent error code from the
 * response body, e.g. 40401 subject not found, 40403 schema not found, 409 incompatible schema,
 * 42201 invalid schema.
 */
public class RestClientException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Schema is incompatible with an earlier version of its subject. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Schema does not parse or is not a valid Avro schema. */
    public static final int INVALID_SCHEMA = 42201;

    private final String serverMessage;
    private final int status;
    private final int errorCode;

    public RestClientException(String message, int status, int errorCode) {
        super(message + " (HTTP " + status + ", error code " + errorCode + ")");
        this.serverMessage = message;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The registry's message, as it sent it. */
    public String serverMessage() {
        return serverMessage;
    }

    /** HTTP status of the response. */
    public int status() {
        return status;
    }

    /** Confluent error code of the response. */
    public int errorCode() {
        return errorCode;
    }
}
