package io.mdpstream.sim.run;

import java.time.Instant;

/**
 * Where one lane of an {@link EpisodeInterleaver} stands: the episode it runs and how far that
 * episode's events have gone out. A publisher checkpoints lane states with the events it has sent,
 * so a restarted run resumes each lane exactly where the previous one stopped.
 *
 * @param lane          the lane, from 0
 * @param index         the episode the lane runs now
 * @param start         the simulated instant at which that episode started
 * @param lastSeq       seq of the last event sent, -1 when none
 * @param lastStep      step of that event
 * @param lastTime      its simulated seconds since the episode started
 * @param steps         decisions taken so far
 * @param episodeReturn rewards realised so far
 * @param done          the lane has no episode left
 */
public record LaneState(int lane, long index, Instant start, long lastSeq, int lastStep, double lastTime, int steps,
                        double episodeReturn, boolean done) {
}
