package io.mdpstream.sink.internal;

import io.mdpstream.registry.RegistryUnavailableException;
import io.mdpstream.registry.RestClientException;

/** Tells a schema registry that cannot answer now from a record that cannot be decoded. */
public final class RegistryErrors {

    private RegistryErrors() {
    }

    /**
     * Whether {@code failure} or one of its causes is the registry being unreachable or failing on
     * its side (HTTP 5xx): the same record may decode later, so it must not be skipped as undecodable.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryUnavailableException
                    || cause instanceof RestClientException rest && rest.status() >= 500) {
                return true;
            }
        }
        return false;
    }
}
