package io.shiptrack.api.cache;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends one Redis command at start-up, so that the first connection and the client's first-call set-up are not paid
 * by the first read inside its 50 ms command budget (where it would count as a Redis error and bypass the cache). A
 * Redis that does not answer is only logged: reads bypass it as usual.
 */
@ApplicationScoped
class RedisWarmup {

    private static final Logger LOG = Logger.getLogger(RedisWarmup.class);
    private static final Duration BUDGET = Duration.ofSeconds(2);

    void warm(@Observes StartupEvent start, ReactiveRedisDataSource redis) {
        try {
            redis.value(String.class, String.class).get("shiptrack:warmup").await().atMost(BUDGET);
        } catch (RuntimeException e) {
            LOG.warnf("Redis did not answer the start-up call: %s", e.toString());
        }
    }
}
