package io.mdpstream.sink.internal;

/**
 * Where a closed episode goes, under which verdict, and why.
 *
 * @param verdict {@link #VALID}, {@link #INVALID} or {@link #UNVALIDATED}
 * @param reason  why it is quarantined or dropped; null for the training set
 */
public record Disposition(OpenEpisode episode, Area area, String verdict, String reason) {

    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String UNVALIDATED = "unvalidated";

    /** The part of the dataset an episode lands in. */
    public enum Area {
        /** The training set: {@code steps/} and {@code episodes/}. */
        TRAIN,
        /** {@code quarantine/steps/} and {@code quarantine/episodes/}: invalid, unvalidated under require, or incomplete. */
        QUARANTINE,
        /** Not stored: a fragment whose start was never read, for instance the tail of an episode stored earlier. */
        DROP
    }
}
