package io.mdpstream.sim.spi;

import java.util.Map;

/**
 * A business record a scenario emits beside the MDP events, e.g. a purchase in dynamic pricing. It
 * belongs to a side stream declared by {@link Scenario#sideStreams} and is not part of the
 * episode's {@code seq}: consumers of the four episode topics never see it.
 *
 * @param stream the side stream's name, e.g. {@code purchases}
 * @param time   simulated seconds since the episode started
 * @param record a member of the stream's declared space
 */
public record SideRecord(String stream, double time, Map<String, Object> record) {
}
