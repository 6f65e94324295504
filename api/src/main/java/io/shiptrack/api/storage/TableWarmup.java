package io.shiptrack.api.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.shiptrack.api.config.ShiptrackConfig;

/**
 * Warms the table clients after start-up, past the breakers, and keeps the instance unready until it is done: rounds
 * of the reads the API makes (a shipment, a page of its events, a member's list) on each endpoint, so that class
 * loading, connection set-up and the JIT's first compilations are not paid by real requests inside their per-try
 * timeout. Measured in the failover drill: a region restarted and put back into rotation without this opened both of
 * its table breakers within a second of its first burst and answered 503s for five seconds. An endpoint that fails is
 * left alone (reads fail over as usual); start-up itself does not wait.
 */
@Readiness
@ApplicationScoped
class TableWarmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(TableWarmup.class);
    private static final String NOBODY = "WARMUP000";

    private final Tables primary;
    private final Tables secondary;
    private final int rounds;
    private volatile boolean done;

    TableWarmup(@Named(TableEndpoints.PRIMARY) Tables primary, @Named(TableEndpoints.SECONDARY) Tables secondary,
            ShiptrackConfig config) {
        this.primary = primary;
        this.secondary = secondary;
        this.rounds = config.tables().warmUpRounds();
    }

    void warm(@Observes StartupEvent start) {
        Thread warming = new Thread(() -> {
            long began = System.nanoTime();
            int calls = warm("primary", primary) + warm("secondary", secondary);
            done = true;
            LOG.infof("table clients warmed: %d reads in %d ms", calls, (System.nanoTime() - began) / 1_000_000);
        }, "shiptrack-table-warmup");
        warming.setDaemon(true);
        warming.start();
    }

    private int warm(String endpoint, Tables tables) {
        for (int round = 0; round < rounds; round++) {
            try {
                tables.shipmentStore().find(NOBODY);
                tables.shipmentStore().events(NOBODY, null, 10);
                tables.shipmentStore().memberShipments("warmup", null, 10);
            } catch (RuntimeException e) {
                LOG.warnf("%s table endpoint failed a warm-up read, left cold: %s", endpoint, e.toString());
                return round * 3;
            }
        }
        return rounds * 3;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(done).build();
    }
}
