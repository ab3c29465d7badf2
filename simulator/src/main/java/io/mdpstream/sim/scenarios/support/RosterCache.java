package io.mdpstream.sim.scenarios.support;

import io.mdpstream.sim.params.Parameters;
import java.util.List;
import java.util.function.Function;

/**
 * Remembers the last roster parsed, so the episodes of a run (whose roster parameters are one shared,
 * unrandomised list) share one set of {@link SupportSettings.Shift}s instead of each keeping a copy.
 *
 * <p>Thread-safe: one immutable entry swapped atomically; a miss only costs a parse.
 */
final class RosterCache {

    private record Entry(List<Parameters> source, List<SupportSettings.Shift> shifts) {
    }

    private volatile Entry last;

    /** The shifts of {@code source}, parsed by {@code parse} unless this very list was parsed last. */
    List<SupportSettings.Shift> shifts(List<Parameters> source, Function<List<Parameters>, List<SupportSettings.Shift>> parse) {
        Entry entry = last;
        if (entry != null && entry.source() == source) {
            return entry.shifts();
        }
        List<SupportSettings.Shift> shifts = parse.apply(source);
        last = new Entry(source, shifts);
        return shifts;
    }
}
