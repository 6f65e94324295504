package io.shiptrack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CachedCopyTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");
    private static final Instant SYNCED = Instant.parse("2026-11-21T10:10:00.456Z");

    @Test
    void primaryCopyRoundTrips() {
        CachedCopy copy = CachedCopy.fromPrimary("{\"trackingNumber\":\"AB12|CD34\"}", 1_764_000_000_123L, AT);
        assertEquals(copy, CachedCopy.decode(copy.encode()).orElseThrow());
    }

    @Test
    void secondaryCopyRoundTripsWithAndWithoutItsLastSync() {
        CachedCopy synced = CachedCopy.fromSecondary("{\"a\":\"|s1|\"}", 7, AT, SYNCED);
        assertEquals(synced, CachedCopy.decode(synced.encode()).orElseThrow());
        CachedCopy unknown = CachedCopy.fromSecondary("{}", 7, AT, null);
        CachedCopy decoded = CachedCopy.decode(unknown.encode()).orElseThrow();
        assertEquals(unknown, decoded);
        assertTrue(decoded.fromSecondary());
        assertTrue(decoded.lastSync().isEmpty());
    }

    @Test
    void notFoundRoundTrips() {
        CachedCopy decoded = CachedCopy.decode(CachedCopy.fromPrimary(null, 0, AT).encode()).orElseThrow();
        assertTrue(decoded.isNotFound());
        assertEquals(AT, decoded.readAt());
    }

    @Test
    void foundCopiesAreOrderedByVersionWhateverTheirReadTime() {
        CachedCopy delivered = CachedCopy.fromPrimary("{\"status\":\"DELIVERED\"}", 5, AT);
        CachedCopy inTransitReadLater = CachedCopy.fromSecondary("{\"status\":\"IN_TRANSIT\"}", 4,
                AT.plusSeconds(60), SYNCED);
        assertFalse(inTransitReadLater.replaces(delivered), "an older version read later is kept out");
        assertTrue(delivered.replaces(inTransitReadLater));
        assertTrue(inTransitReadLater.isOlderThan(delivered));
        CachedCopy sameReadLater = CachedCopy.fromSecondary("{\"status\":\"DELIVERED\"}", 5, AT.plusSeconds(1), SYNCED);
        assertTrue(sameReadLater.replaces(delivered), "the same version read later is fresher");
        assertFalse(delivered.replaces(sameReadLater));
    }

    @Test
    void aNotFoundIsOrderedByReadTime() {
        CachedCopy found = CachedCopy.fromPrimary("{}", 5, AT);
        assertFalse(CachedCopy.fromPrimary(null, 0, AT.minusMillis(1)).replaces(found),
                "a read that began before the write's copy was made");
        assertTrue(CachedCopy.fromPrimary(null, 0, AT.plusMillis(1)).replaces(found), "purged since");
        assertTrue(found.replaces(CachedCopy.fromPrimary(null, 0, AT.minusMillis(1))), "created since");
    }

    @Test
    void foreignValuesAreIgnored() {
        assertTrue(CachedCopy.decode("{\"shipment\":{}}").isEmpty());
        assertTrue(CachedCopy.decode("|{}").isEmpty());
        assertTrue(CachedCopy.decode("12x|{}").isEmpty());
        assertTrue(CachedCopy.decode("1764000000000|{}").isEmpty(), "the format before versions");
        assertTrue(CachedCopy.decode("5|1764000000000|x|{}").isEmpty());
        assertTrue(CachedCopy.decode("5|1764000000000|p1|{}").isEmpty());
        assertTrue(CachedCopy.decode(null).isEmpty());
    }
}
