package io.mdpstream.sink;

import java.util.Locale;

/**
 * What the sink does with the stream validator's verdicts ({@code <ns>.verdicts}).
 *
 * <ul>
 *   <li>{@link #REQUIRE}: an episode is stored once its verdict arrived: in the training set when the
 *       verdict is valid, in quarantine when not. An episode whose verdict does not arrive within
 *       {@code verdict.timeout.ms} of the episode's end goes to quarantine marked {@code unvalidated},
 *       so the training set only ever holds episodes a validator passed.</li>
 *   <li>{@link #IGNORE}: verdicts are not read; every complete episode goes to the training set marked
 *       {@code unvalidated}. For a stream that no validator checks.</li>
 * </ul>
 */
public enum VerdictPolicy {
    REQUIRE,
    IGNORE;

    /** The option's value as users write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
