package io.shiptrack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CachedCopyTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");

    @Test
    void foundCopyRoundTrips() {
        CachedCopy copy = new CachedCopy("{\"trackingNumber\":\"AB12|CD34\"}", AT);
        assertEquals(copy, CachedCopy.decode(copy.encode()).orElseThrow());
    }

    @Test
    void notFoundRoundTrips() {
        CachedCopy decoded = CachedCopy.decode(new CachedCopy(null, AT).encode()).orElseThrow();
        assertTrue(decoded.isNotFound());
        assertEquals(AT, decoded.readAt());
    }

    @Test
    void foreignValuesAreIgnored() {
        assertTrue(CachedCopy.decode("{\"shipment\":{}}").isEmpty());
        assertTrue(CachedCopy.decode("|{}").isEmpty());
        assertTrue(CachedCopy.decode("12x|{}").isEmpty());
        assertTrue(CachedCopy.decode(null).isEmpty());
    }
}
