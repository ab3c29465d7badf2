package io.mdpstream.sink.internal;

import io.mdpstream.contract.EventTopics;
import io.mdpstream.events.EpisodeVerdict;
import io.mdpstream.sink.VerdictPolicy;
import io.mdpstream.validate.EventKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The episodes being read and what waits for them: events by episode, verdicts that came before
 * their episode, the offsets each holds back, and the memory budget.
 *
 * <p><b>Memory.</b> Events are kept as bytes; when all open episodes together take more than the
 * budget, the episodes with the most bytes in memory are spilled to disk until half the budget is
 * used, so many open episodes and long ones both stay within it.
 *
 * <p><b>When an episode is closed</b> ({@link #ready}): see {@link VerdictPolicy}; besides, an
 * episode that got nothing new for the idle timeout and cannot complete is quarantined as
 * incomplete, or dropped when its start was never read.
 *
 * <p>Not thread-safe: the sink's polling thread owns it. Times are {@code System.nanoTime()}-style
 * nanoseconds from the sink's clock.
 */
public final class OpenEpisodes {

    private static final Logger LOG = LoggerFactory.getLogger(OpenEpisodes.class);
    /** Verdicts kept for episodes not read yet; beyond this the oldest is forgotten. */
    static final int MAX_EARLY_VERDICTS = 100_000;

    private final EventTopics topics;
    private final VerdictPolicy policy;
    private final long verdictTimeout;
    private final long idleTimeout;
    private final long budget;
    private final Path spillDir;
    private final OffsetTracker offsets;
    private final Map<String, OpenEpisode> open = new HashMap<>();
    private final Map<String, EarlyVerdict> early = new LinkedHashMap<>();
    private final Set<OpenEpisode> touched = new HashSet<>();
    private long bytes;
    private long peakBytes;
    private long spills;
    private long duplicates;
    private boolean overBudgetWarned;

    private record EarlyVerdict(EpisodeVerdict verdict, TopicPartition partition, long offset) {
    }

    public OpenEpisodes(EventTopics topics, VerdictPolicy policy, Duration verdictTimeout, Duration idleTimeout, long budget,
                        Path spillDir, OffsetTracker offsets) {
        this.topics = topics;
        this.policy = policy;
        this.verdictTimeout = verdictTimeout.toNanos();
        this.idleTimeout = idleTimeout.toNanos();
        this.budget = budget;
        this.spillDir = spillDir;
        this.offsets = offsets;
    }

    /**
     * Adds an event of an episode that is not stored.
     *
     * @param partition the record's partition (the same in all four topics for one episode)
     */
    public void add(String episodeId, int partition, BufferedEvent event, boolean isStart, boolean isEnd, String scenario,
                    long now) {
        OpenEpisode episode = open.get(episodeId);
        if (episode == null) {
            episode = new OpenEpisode(episodeId, partition, now);
            open.put(episodeId, episode);
            bytes += OpenEpisode.OVERHEAD;
            EarlyVerdict verdict = early.remove(episodeId);
            if (verdict != null) {
                episode.verdict(verdict.verdict(), verdict.partition(), verdict.offset(), now);
            }
        }
        boolean firstOfTopic = episode.firstOffset(event.kind()) < 0;
        long before = episode.memoryBytes();
        if (!episode.add(event, isStart, isEnd, scenario, now)) {
            duplicates++;
            LOG.debug("Dropped duplicate seq {} of episode {} at {}-{}@{}", event.seq(), episodeId,
                    event.kind().topic(topics), partition, event.offset());
        }
        if (firstOfTopic) {
            offsets.hold(new TopicPartition(event.kind().topic(topics), partition), event.offset());
        }
        bytes += episode.memoryBytes() - before;
        if (bytes > budget) {
            enforceBudget();
        }
        peakBytes = Math.max(peakBytes, bytes);
        touched.add(episode);
    }

    /** Attaches a verdict to its episode, or keeps it until the episode's first event is read. */
    public void verdict(EpisodeVerdict verdict, TopicPartition partition, long offset, long now) {
        String episodeId = verdict.getEpisodeId();
        OpenEpisode episode = open.get(episodeId);
        if (episode != null) {
            if (episode.verdict(verdict, partition, offset, now)) {
                offsets.hold(partition, offset);
                touched.add(episode);
            }
            return;
        }
        if (early.containsKey(episodeId)) {
            return;
        }
        early.put(episodeId, new EarlyVerdict(verdict, partition, offset));
        offsets.hold(partition, offset);
        if (early.size() > MAX_EARLY_VERDICTS) {
            Iterator<Map.Entry<String, EarlyVerdict>> eldest = early.entrySet().iterator();
            Map.Entry<String, EarlyVerdict> dropped = eldest.next();
            eldest.remove();
            offsets.release(dropped.getValue().partition(), dropped.getValue().offset());
            LOG.warn("Forgot the verdict of episode {} ({}-{}@{}): more than {} verdicts wait for episodes not read yet",
                    dropped.getKey(), partition.topic(), dropped.getValue().partition().partition(),
                    dropped.getValue().offset(), MAX_EARLY_VERDICTS);
        }
    }

    /**
     * Episodes that can be closed now, removed from the open ones (their offsets stay held until
     * {@link #release}).
     *
     * @param all look at every open episode (for timeouts), not only those that changed since the last call
     */
    public List<Disposition> ready(long now, boolean all) {
        Collection<OpenEpisode> candidates = all ? new ArrayList<>(open.values()) : new ArrayList<>(touched);
        touched.clear();
        List<Disposition> ready = new ArrayList<>();
        for (OpenEpisode episode : candidates) {
            Disposition disposition = decide(episode, now);
            if (disposition != null) {
                open.remove(episode.id());
                bytes -= episode.memoryBytes() + OpenEpisode.OVERHEAD;
                ready.add(disposition);
            }
        }
        return ready;
    }

    private Disposition decide(OpenEpisode episode, long now) {
        boolean complete = episode.complete();
        if (policy == VerdictPolicy.IGNORE) {
            if (complete) {
                return new Disposition(episode, Disposition.Area.TRAIN, Disposition.UNVALIDATED, null);
            }
            return idle(episode, now, Disposition.UNVALIDATED);
        }
        EpisodeVerdict verdict = episode.verdict();
        if (verdict != null) {
            String label = verdict.getValid() ? Disposition.VALID : Disposition.INVALID;
            // The verdict may be read before the last events of the other topics; it says how many the validator saw.
            if (complete || episode.received() >= verdict.getEventCount() || now - episode.verdictAt() >= verdictTimeout) {
                if (verdict.getValid() && complete) {
                    return new Disposition(episode, Disposition.Area.TRAIN, label, null);
                }
                String reason = verdict.getValid() ? "incomplete: " + episode.missing()
                        : "invalid: " + verdict.getViolationsByRule() + (complete ? "" : "; incomplete: " + episode.missing());
                return quarantine(episode, label, reason);
            }
            return null;
        }
        if (complete) {
            if (now - episode.completedAt() >= verdictTimeout) {
                return new Disposition(episode, Disposition.Area.QUARANTINE, Disposition.UNVALIDATED,
                        "no verdict within " + Duration.ofNanos(verdictTimeout).toMillis() + " ms of its end");
            }
            return null;
        }
        return idle(episode, now, Disposition.UNVALIDATED);
    }

    private Disposition idle(OpenEpisode episode, long now, String label) {
        if (now - episode.lastActivity() < idleTimeout) {
            return null;
        }
        String reason = "incomplete after " + Duration.ofNanos(idleTimeout).toMillis() + " ms without events: " + episode.missing();
        return quarantine(episode, label, reason);
    }

    /** To the quarantine, unless its start was never read: without it there is no lineage to store, so it is dropped. */
    private static Disposition quarantine(OpenEpisode episode, String label, String reason) {
        return new Disposition(episode, episode.started() ? Disposition.Area.QUARANTINE : Disposition.Area.DROP, label, reason);
    }

    /** An episode closed by {@link #ready} is stored or dropped: its offsets and its spill file go. */
    public void release(OpenEpisode episode) {
        for (EventKind kind : EventKind.values()) {
            long offset = episode.firstOffset(kind);
            if (offset >= 0) {
                offsets.release(new TopicPartition(kind.topic(topics), episode.partition()), offset);
            }
        }
        if (episode.verdictPartition() != null) {
            offsets.release(episode.verdictPartition(), episode.verdictOffset());
        }
        episode.discard();
    }

    /** Spills the episodes with the most bytes in memory until half the budget is used, when over it. */
    private void enforceBudget() {
        if (bytes <= budget) {
            return;
        }
        List<OpenEpisode> largest = new ArrayList<>(open.values());
        largest.sort((a, b) -> Long.compare(b.memoryBytes(), a.memoryBytes()));
        for (OpenEpisode episode : largest) {
            if (bytes <= budget / 2 || episode.memoryBytes() == 0) {
                break;
            }
            bytes -= episode.spillTo(spillDir);
            spills++;
        }
        if (bytes > budget && !overBudgetWarned) {
            overBudgetWarned = true;
            LOG.warn("{} open episodes take {} bytes beside their spilled events, more than buffer.max.bytes ({})",
                    open.size(), bytes, budget);
        }
    }

    /**
     * Partitions were taken from this sink: their open episodes and early verdicts are forgotten
     * (the new owner reads them again from the committed offsets).
     */
    public void forget(Collection<TopicPartition> partitions) {
        Set<Integer> episodePartitions = new HashSet<>();
        for (TopicPartition partition : partitions) {
            if (EventKind.of(partition.topic(), topics) != null) {
                episodePartitions.add(partition.partition());
            }
        }
        for (Iterator<OpenEpisode> it = open.values().iterator(); it.hasNext(); ) {
            OpenEpisode episode = it.next();
            if (episodePartitions.contains(episode.partition())) {
                bytes -= episode.memoryBytes() + OpenEpisode.OVERHEAD;
                episode.discard();
                touched.remove(episode);
                it.remove();
            }
        }
        early.values().removeIf(v -> partitions.contains(v.partition()));
    }

    /** Whether the episode is open here. */
    public boolean isOpen(String episodeId) {
        return open.containsKey(episodeId);
    }

    public int size() {
        return open.size();
    }

    /** Bytes of open episodes in memory now. */
    public long bytes() {
        return bytes;
    }

    /** The most bytes open episodes took in memory, measured after each event once spilling made room. */
    public long peakBytes() {
        return peakBytes;
    }

    /** How often an episode was spilled. */
    public long spills() {
        return spills;
    }

    /** Duplicate events dropped. */
    public long duplicates() {
        return duplicates;
    }

    /** Verdicts waiting for their episode. */
    public int earlyVerdicts() {
        return early.size();
    }
}
