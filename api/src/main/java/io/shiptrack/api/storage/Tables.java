package io.shiptrack.api.storage;

import java.time.Duration;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;

import io.shiptrack.model.TableKeys;
import io.shiptrack.store.ShipmentStore;

/** The tables of one endpoint (primary or secondary), and the timeout each call on them gets. */
public final class Tables {

    private final TableServiceClient service;
    private final TableClient shipments;
    private final TableClient memberShipments;
    private final TableClient memberStats;
    private final TableClient jobs;
    private final Duration callTimeout;
    private final ShipmentStore shipmentStore;

    Tables(TableServiceClient service, Duration callTimeout) {
        this.service = service;
        this.shipments = service.getTableClient(TableKeys.SHIPMENTS);
        this.memberShipments = service.getTableClient(TableKeys.MEMBER_SHIPMENTS);
        this.memberStats = service.getTableClient(TableKeys.MEMBER_STATS);
        this.jobs = service.getTableClient(TableKeys.JOBS);
        this.callTimeout = callTimeout;
        this.shipmentStore = new ShipmentStore(shipments, memberShipments, callTimeout);
    }

    /** Shipment reads and writes on these tables. */
    public ShipmentStore shipmentStore() {
        return shipmentStore;
    }

    public TableServiceClient service() {
        return service;
    }

    public TableClient shipments() {
        return shipments;
    }

    public TableClient memberShipments() {
        return memberShipments;
    }

    public TableClient memberStats() {
        return memberStats;
    }

    public TableClient jobs() {
        return jobs;
    }

    /** The timeout to pass to every SDK call: the SDK's retries included. */
    public Duration callTimeout() {
        return callTimeout;
    }
}
