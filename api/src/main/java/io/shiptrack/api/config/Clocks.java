package io.shiptrack.api.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.ClockProvider;

/** The one clock the API reads time from, replaceable in tests. */
public class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Bean Validation's "now" (an event's {@code occurredAt} at most a day ahead) is the same clock. */
    @Produces
    @Singleton
    ClockProvider validationClock(Clock clock) {
        return () -> clock;
    }
}
