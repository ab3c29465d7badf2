package io.mdpstream.validate.stats;

import io.mdpstream.validate.EventKind;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * One task's share of a slice of simulated time, on its way to be merged with the other tasks' shares into
 * {@link WindowStats}: event counts, action and violation counts, and the values of the states' features and of the
 * rewards.
 *
 * <p>The values travel as they are while they are few. A share of a slice holds a few dozen states at the usual
 * density, and building a summary (moments and a quantile sketch) for each of some fifty features from a dozen values,
 * then encoding, decoding and merging it, cost several times more than the values themselves: a share is summarized
 * once, where the shares meet ({@link #addTo}). Past {@value #RAW_VALUES} values (some 80 states of fifty features) the
 * values held are folded into summaries here, so a busy slice's share stays small and its work spread over the tasks.
 * Either way {@link #addTo} gives the same counts and sketches as adding every event to one {@link WindowStats}; moments
 * may differ in the last bits, as the order of additions does.
 *
 * <p>Not thread-safe: an accumulator for one task. Nothing here accepts or returns null.
 */
public final class Share {

    /** Values (features of states, and rewards) held as they are; past it they are summarized. */
    static final int RAW_VALUES = 4096;

    private final WindowStats summarized;
    private final RawValues raw;

    /** An empty share, whose features get quantile sketches where it is summarized. */
    public Share() {
        this(true);
    }

    /**
     * An empty share.
     *
     * @param featureQuantiles whether its features get quantile sketches where it is summarized, or their moments only
     *                         (see {@link WindowStats})
     */
    public Share(boolean featureQuantiles) {
        this(new WindowStats(featureQuantiles), new RawValues());
    }

    Share(WindowStats summarized, RawValues raw) {
        this.summarized = summarized;
        this.raw = raw;
    }

    /** A share that is a summary already (as an earlier version of the validator wrote them); takes {@code stats} over. */
    public static Share of(WindowStats stats) {
        return new Share(Objects.requireNonNull(stats, "stats"), new RawValues());
    }

    /** Counts one state event and takes its observation's numeric features (see {@link Features}). */
    public Share addState(GenericRecord observation) {
        Objects.requireNonNull(observation, "observation");
        summarized.count(EventKind.STATES);
        raw.addState(observation);
        foldWhenFull();
        return this;
    }

    /** Counts one event of this kind without any value. */
    public Share count(EventKind kind) {
        summarized.count(kind);
        return this;
    }

    /** Counts one action event and one use of this label. */
    public Share addAction(String label) {
        summarized.addAction(label);
        return this;
    }

    /** Counts one reward event and takes its value. */
    public Share addReward(double value) {
        summarized.count(EventKind.REWARDS);
        raw.addReward(value);
        foldWhenFull();
        return this;
    }

    /** Counts one violation of this rule. */
    public Share addViolation(String rule) {
        summarized.addViolation(rule);
        return this;
    }

    /** Events of all kinds. */
    public long totalEvents() {
        return summarized.totalEvents();
    }

    /** Adds everything in this share to {@code window}; this share is unchanged. */
    public void addTo(WindowStats window) {
        Objects.requireNonNull(window, "window");
        window.merge(summarized);
        raw.addTo(window);
    }

    /** This share as a window of its own. */
    public WindowStats toStats() {
        WindowStats stats = new WindowStats(summarized.featureQuantiles());
        addTo(stats);
        return stats;
    }

    WindowStats summarized() {
        return summarized;
    }

    RawValues raw() {
        return raw;
    }

    private void foldWhenFull() {
        if (raw.values() > RAW_VALUES) {
            raw.addTo(summarized);
            raw.clear();
        }
    }

    @Override
    public String toString() {
        return "Share[events=" + totalEvents() + ", raw states=" + raw.states() + ", raw rewards=" + raw.rewardCount() + "]";
    }
}
