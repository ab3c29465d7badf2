package io.mdpstream.publish;

import java.time.Duration;
import java.time.Instant;

/**
 * When each event may leave: never before its wall-clock due time at a finite speed (the run's wall
 * start plus the simulated time elapsed divided by the speed), and never faster than a rate ceiling.
 * Public API so that replay paces exactly as the publisher does. Not thread-safe.
 */
public final class Pacer {

    private final double speed;
    private final long intervalNanos;
    private final WallClock clock;
    private long wallStart;
    private Instant simStart;
    private long nextAllowed;

    /**
     * @param speed              simulated seconds per wall second; infinite for no pacing
     * @param maxEventsPerSecond 0 for no ceiling
     */
    public Pacer(double speed, double maxEventsPerSecond, WallClock clock) {
        this.speed = speed;
        this.intervalNanos = maxEventsPerSecond > 0 ? Math.round(1e9 / maxEventsPerSecond) : 0;
        this.clock = clock;
    }

    /** Whether events ever wait: a finite speed or a rate ceiling. Unpaced, {@link #waitNanos} is never positive. */
    public boolean paced() {
        return Double.isFinite(speed) || intervalNanos > 0;
    }

    /** Ties simulated instant {@code simStart} to now. */
    public void anchor(Instant simStart) {
        this.simStart = simStart;
        this.wallStart = clock.nanos();
        this.nextAllowed = wallStart;
    }

    /** Nanoseconds to wait before an event stamped {@code at} may leave; 0 or less when it may leave now. */
    public long waitNanos(Instant at) {
        long now = clock.nanos();
        long wait = nextAllowed - now;
        if (Double.isFinite(speed)) {
            wait = Math.max(wait, dueNanos(at) - now);
        }
        return wait;
    }

    /** The wall-clock reading at which an event stamped {@code at} is due. */
    public long dueNanos(Instant at) {
        if (!Double.isFinite(speed)) {
            return wallStart;
        }
        double simNanos = Duration.between(simStart, at).toNanos();
        return wallStart + Math.round(simNanos / speed);
    }

    /** Records that an event left now. */
    public void sent() {
        if (intervalNanos > 0) {
            nextAllowed = Math.max(nextAllowed, clock.nanos() - intervalNanos) + intervalNanos;
        }
    }

    /** How far behind its schedule the stream is at {@code at}, in seconds of wall time (0 when on time). */
    public double lagSeconds(Instant at) {
        return Double.isFinite(speed) ? Math.max(0, (clock.nanos() - dueNanos(at)) / 1e9) : 0;
    }
}
