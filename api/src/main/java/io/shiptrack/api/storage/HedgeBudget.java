package io.shiptrack.api.storage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds hedges per second to a share of the reads that reached storage in the previous second (plus a floor), so
 * that a brownout cannot double the load on the secondary. Two counters per one-second window; written by hand as
 * it is two atomic counters, not worth a rate-limiter library.
 */
final class HedgeBudget {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double ratio;
    private final int floor;
    private final LongSupplier nanoTime;
    private final AtomicLong windowStart;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong hedges = new AtomicLong();
    private volatile long readsLastWindow;

    HedgeBudget(double ratio, int floor, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
        this.ratio = ratio;
        this.floor = floor;
    }

    /** One read reached storage. */
    void read() {
        roll();
        reads.incrementAndGet();
    }

    /** Takes one hedge from this second's budget; false when it is spent. */
    boolean tryHedge() {
        roll();
        long allowed = Math.max(floor, (long) (ratio * Math.max(readsLastWindow, reads.get())));
        return hedges.incrementAndGet() <= allowed;
    }

    private void roll() {
        long start = windowStart.get();
        long now = nanoTime.getAsLong();
        if (now - start >= SECOND && windowStart.compareAndSet(start, now)) {
            readsLastWindow = reads.getAndSet(0);
            hedges.set(0);
        }
    }
}
