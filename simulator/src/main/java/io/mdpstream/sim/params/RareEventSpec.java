package io.mdpstream.sim.params;

/**
 * A rare event injector: occurrences form a Poisson process at {@code ratePerDay}; each has a
 * magnitude (its meaning is the scenario's, e.g. the fraction of capacity lost) and lasts a duration.
 *
 * @param name            the parameter key, used to name its random stream
 * @param ratePerDay      mean occurrences per simulated day, >= 0
 * @param magnitude       size of each occurrence
 * @param durationMinutes how long each lasts, in minutes
 */
public record RareEventSpec(String name, double ratePerDay, Distribution magnitude, Distribution durationMinutes) {
}
