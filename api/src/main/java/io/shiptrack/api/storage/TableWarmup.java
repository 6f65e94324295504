package io.shiptrack.api.storage;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.models.TableServiceException;

import io.quarkus.runtime.StartupEvent;
import io.shiptrack.model.TableKeys;

/**
 * Makes one table call per endpoint at start-up, past the breakers, so that the SDK's first-call set-up (class
 * loading, pipeline, connection) is not paid by the first real request inside its 800 ms budget. An endpoint that
 * does not answer within a few seconds is only logged: reads fail over as usual.
 */
@ApplicationScoped
class TableWarmup {

    private static final Logger LOG = Logger.getLogger(TableWarmup.class);
    private static final Duration BUDGET = Duration.ofSeconds(5);

    void warm(@Observes StartupEvent start, @Named(TableEndpoints.PRIMARY) Tables primary,
            @Named(TableEndpoints.SECONDARY) Tables secondary) {
        touch("primary", primary);
        touch("secondary", secondary);
    }

    private static void touch(String endpoint, Tables tables) {
        try {
            tables.shipments().getEntityWithResponse("WARMUP000", TableKeys.SUMMARY_ROW, null, BUDGET, Context.NONE);
        } catch (TableServiceException answered) {
            // A 404 is the expected answer: the endpoint is up and the client is ready.
        } catch (RuntimeException e) {
            LOG.warnf("%s table endpoint did not answer the start-up call: %s", endpoint, e.toString());
        }
    }
}
