package io.mdpstream.publish;

import java.util.concurrent.locks.LockSupport;

/** Wall time for pacing, injected so tests can drive it. */
public interface WallClock {

    /** A monotonic reading in nanoseconds. */
    long nanos();

    /** Epoch milliseconds, for records that say when something happened in the real world. */
    long epochMillis();

    /** Waits about {@code nanos}, or less when interrupted. */
    void sleep(long nanos);

    /** The system's clock. */
    WallClock SYSTEM = new WallClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long nanos) {
            if (nanos > 0) {
                LockSupport.parkNanos(nanos);
            }
        }
    };
}
