package io.shiptrack.api.storage;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How long a read waits for the primary before it is hedged: the p99 of the primary's recent read latencies (an
 * HdrHistogram interval recorder), between a floor and a ceiling. Recomputed at most once a second, from at least
 * {@code minSamples} reads; until then the floor applies. While the primary is slow the delay climbs to the
 * ceiling, which bounds what a brownout adds to a read.
 */
final class HedgeDelay {

    private static final long RECOMPUTE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long floorNanos;
    private final long ceilingNanos;
    private final int minSamples;
    private final LongSupplier nanoTime;
    private final Recorder recorder = new Recorder(3);
    private Histogram window;
    private long computedAt;
    private volatile long delayNanos;

    HedgeDelay(Duration floor, Duration ceiling, int minSamples, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.computedAt = nanoTime.getAsLong();
        this.floorNanos = floor.toNanos();
        this.ceilingNanos = Math.max(floorNanos, ceiling.toNanos());
        this.minSamples = minSamples;
        this.delayNanos = floorNanos;
    }

    /** One read the primary answered, and how long it took. */
    void record(long nanos) {
        recorder.recordValue(Math.max(1, Math.min(nanos, TimeUnit.MINUTES.toNanos(1))));
    }

    long nanos() {
        long now = nanoTime.getAsLong();
        if (now - computedAt >= RECOMPUTE_NANOS) {
            recompute(now);
        }
        return delayNanos;
    }

    private synchronized void recompute(long now) {
        if (now - computedAt < RECOMPUTE_NANOS) {
            return;
        }
        computedAt = now;
        window = recorder.getIntervalHistogram(window);
        // Too few reads in the last second: keep the delay (a quiet region's p99 would be noise).
        if (window.getTotalCount() >= minSamples) {
            delayNanos = Math.max(floorNanos, Math.min(ceilingNanos, window.getValueAtPercentile(99)));
        }
    }
}
