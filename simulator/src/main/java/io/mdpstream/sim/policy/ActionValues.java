package io.mdpstream.sim.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Equality of action values as the spaces build them: numbers, arrays ({@code int[]}, {@code long[]},
 * {@code double[]}) and maps of those for dict spaces. {@link Objects#deepEquals} alone does not
 * look into a map's array values, and a policy compares the action it would take with one it is asked
 * about (a logged action, read back from storage).
 */
public final class ActionValues {

    private ActionValues() {
    }

    /** Whether two action values are the same action. */
    public static boolean equal(Object a, Object b) {
        if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : left.entrySet()) {
                if (!right.containsKey(entry.getKey()) || !equal(entry.getValue(), right.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.deepEquals(a, b);
    }
}
