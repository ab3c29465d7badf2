package io.mdpstream.sim.policy;

import java.util.Objects;

/**
 * Names a policy in the data it produced, so stored episodes say which behaviour made them.
 *
 * @param id      e.g. {@code heuristic}, {@code random}, {@code softmax(heuristic,t=0.5)}, {@code external}
 * @param version the policy's version
 */
public record PolicyId(String id, String version) {

    public PolicyId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
