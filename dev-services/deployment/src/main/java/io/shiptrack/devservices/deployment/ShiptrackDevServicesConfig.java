package io.shiptrack.devservices.deployment;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The dev service's own settings ({@code quarkus.shiptrack.devservices.*}), read at build time in dev and test mode. Storage
 * or Redis configured explicitly ({@code shiptrack.storage.connection-string}, {@code shiptrack.storage.account-name},
 * {@code quarkus.redis.hosts}) are used as they are: the dev service then starts nothing for them.
 */
@ConfigMapping(prefix = "quarkus.shiptrack.devservices")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface ShiptrackDevServicesConfig {

    /** Whether to start Azurite and redis-server in dev and test mode. */
    @WithDefault("true")
    boolean enabled();

    /** Whether to start redis-server (the tests' harness runs its own, as tests kill and restart it). */
    @WithDefault("true")
    boolean redis();

    /** Whether to write the demo shipments into Azurite in dev mode (never in test mode). */
    @WithDefault("true")
    boolean demoData();
}
