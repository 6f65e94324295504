package io.shiptrack.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The hedge delay follows the primary's p99 between floor and ceiling; the budget bounds hedges per second. */
class HedgeDelayTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HedgeDelay delay = new HedgeDelay(Duration.ofMillis(20), Duration.ofMillis(100), 50, now::get);

    @Test
    void startsAtTheFloor() {
        assertEquals(20 * MS, delay.nanos());
    }

    @Test
    void followsThePrimarysP99() {
        record(980, 5);
        record(20, 40);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(40, Math.round((double) delay.nanos() / MS));
    }

    @Test
    void staysWithinTheCeilingThroughABrownout() {
        record(500, 300);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(100 * MS, delay.nanos());
    }

    @Test
    void keepsTheDelayWhenTooFewReadsWereSeen() {
        record(100, 60);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        long learned = delay.nanos();
        record(10, 5);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(learned, delay.nanos());
        assertTrue(learned > 50 * MS);
    }

    @Test
    void budgetAllowsAShareOfLastSecondsReadsAndAFloor() {
        HedgeBudget budget = new HedgeBudget(0.1, 3, now::get);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += budget.tryHedge() ? 1 : 0;
        }
        assertEquals(3, allowed, "the floor, with no reads seen yet");
        for (int i = 0; i < 200; i++) {
            budget.read();
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        allowed = 0;
        for (int i = 0; i < 100; i++) {
            allowed += budget.tryHedge() ? 1 : 0;
        }
        assertEquals(20, allowed, "10% of the 200 reads of the last second");
        assertFalse(budget.tryHedge());
    }

    private void record(int count, long millis) {
        for (int i = 0; i < count; i++) {
            delay.record(millis * MS);
        }
    }
}
