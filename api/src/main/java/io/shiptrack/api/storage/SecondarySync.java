package io.shiptrack.api.storage;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.models.TableServiceStatistics;

import io.shiptrack.api.config.ShiptrackConfig;

/** The secondary's last geo-replication sync time (Get Table Service Stats on the secondary), cached. */
@ApplicationScoped
public class SecondarySync {

    private static final Logger LOG = Logger.getLogger(SecondarySync.class);

    private final Tables secondary;
    private final ShiptrackConfig.Tables config;
    private final Clock clock;
    private volatile Known known = new Known(Optional.empty(), Instant.MIN);

    SecondarySync(@Named(TableEndpoints.SECONDARY) Tables secondary, ShiptrackConfig config, Clock clock) {
        this.secondary = secondary;
        this.config = config.tables();
        this.clock = clock;
    }

    /** The last sync time, asked at most once per {@code shiptrack.tables.secondary-stats-for}; empty if unknown. */
    public Optional<OffsetDateTime> lastSync() {
        Known current = known;
        Instant now = clock.instant();
        if (current.askedAt().plus(config.secondaryStatsFor()).isAfter(now)) {
            return current.lastSync();
        }
        Optional<OffsetDateTime> lastSync = Optional.empty();
        try {
            TableServiceStatistics stats = secondary.service()
                    .getStatisticsWithResponse(secondary.callTimeout(), Context.NONE).getValue();
            if (stats != null && stats.getGeoReplication() != null) {
                lastSync = Optional.ofNullable(stats.getGeoReplication().getLastSyncTime());
            }
        } catch (RuntimeException e) {
            LOG.debugf("secondary sync time unknown: %s", e.toString());
        }
        known = new Known(lastSync, now);
        return lastSync;
    }

    private record Known(Optional<OffsetDateTime> lastSync, Instant askedAt) {
    }
}
