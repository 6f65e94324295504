package io.shiptrack.store;

import static io.shiptrack.store.EntityValues.instant;
import static io.shiptrack.store.EntityValues.number;
import static io.shiptrack.store.EntityValues.string;
import static io.shiptrack.store.EntityValues.time;

import com.azure.data.tables.models.TableEntity;

import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentStatus;
import io.shiptrack.model.TableKeys;
import io.shiptrack.model.TrackingEvent;

/** Maps shipments, events and member index rows to and from Table Storage entities. */
public final class ShipmentEntities {

    /**
     * The summary property holding {@link Shipment#version()}, written in the same transaction as every change; a row
     * without it (stored before versions) reads as {@link Shipment#UNVERSIONED} (0).
     */
    public static final String VERSION = "Version";

    private ShipmentEntities() {
    }

    public static TableEntity summaryEntity(Shipment shipment) {
        Row row = new Row(shipment.trackingNumber(), TableKeys.SUMMARY_ROW)
                .put("Status", shipment.status().name())
                .put("Origin", shipment.origin())
                .put("Destination", shipment.destination())
                .put("MemberId", shipment.memberId())
                .put("Carrier", shipment.carrier())
                .put("Owner", shipment.owner())
                .put("PromisedBy", time(shipment.promisedBy()))
                .put("DeliveredAt", time(shipment.deliveredAt()))
                .put("CreatedAt", time(shipment.createdAt()))
                .put("UpdatedAt", time(shipment.updatedAt()))
                .put(VERSION, shipment.version());
        TrackingEvent last = shipment.lastEvent();
        if (last != null) {
            row.put("LastEventId", last.eventId())
                    .put("LastEventType", last.type().name())
                    .put("LastEventAt", time(last.occurredAt()))
                    .put("LastEventLocation", last.location())
                    .put("LastEventNote", last.note())
                    .put("LastEventRecordedAt", time(last.recordedAt()));
        }
        return row.entity();
    }

    public static Shipment shipmentFrom(TableEntity entity) {
        TrackingEvent last = null;
        if (entity.getProperty("LastEventId") != null) {
            last = new TrackingEvent(string(entity, "LastEventId"), status(entity, "LastEventType"),
                    instant(entity, "LastEventAt"), string(entity, "LastEventLocation"),
                    string(entity, "LastEventNote"), instant(entity, "LastEventRecordedAt"));
        }
        return new Shipment(entity.getPartitionKey(), status(entity, "Status"), string(entity, "Origin"),
                string(entity, "Destination"), string(entity, "MemberId"), string(entity, "Carrier"),
                string(entity, "Owner"), instant(entity, "PromisedBy"), instant(entity, "DeliveredAt"), last,
                instant(entity, "CreatedAt"),
                instant(entity, "UpdatedAt"), number(entity, VERSION));
    }

    public static TableEntity eventEntity(String trackingNumber, TrackingEvent event) {
        return new Row(trackingNumber, TableKeys.eventRowKey(event.occurredAt(), event.eventId()))
                .put("EventId", event.eventId())
                .put("Type", event.type().name())
                .put("OccurredAt", time(event.occurredAt()))
                .put("Location", event.location())
                .put("Note", event.note())
                .put("RecordedAt", time(event.recordedAt())).entity();
    }

    public static TrackingEvent eventFrom(TableEntity entity) {
        return new TrackingEvent(string(entity, "EventId"), status(entity, "Type"), instant(entity, "OccurredAt"),
                string(entity, "Location"), string(entity, "Note"), instant(entity, "RecordedAt"));
    }

    /** The marker row that makes an eventId unique in its shipment; it points at the event's row. */
    public static TableEntity eventIdEntity(String trackingNumber, TrackingEvent event) {
        return new Row(trackingNumber, TableKeys.eventIdRowKey(event.eventId()))
                .put("EventRowKey", TableKeys.eventRowKey(event.occurredAt(), event.eventId())).entity();
    }

    /** The MemberShipments index row of a shipment that belongs to a member. */
    public static TableEntity memberIndexEntity(Shipment shipment) {
        return new Row(shipment.memberId(), shipment.trackingNumber())
                .put("Status", shipment.status().name())
                .put("Origin", shipment.origin())
                .put("Destination", shipment.destination())
                .put("Carrier", shipment.carrier())
                .put("PromisedBy", time(shipment.promisedBy()))
                .put("DeliveredAt", time(shipment.deliveredAt()))
                .put("UpdatedAt", time(shipment.updatedAt()))
                .put(VERSION, shipment.version()).entity();
    }

    public static MemberShipment memberShipmentFrom(TableEntity entity) {
        return new MemberShipment(entity.getRowKey(), status(entity, "Status"), string(entity, "Origin"),
                string(entity, "Destination"), string(entity, "Carrier"), instant(entity, "PromisedBy"),
                instant(entity, "DeliveredAt"), instant(entity, "UpdatedAt"), number(entity, VERSION));
    }

    /** Builds an entity, leaving out properties whose value is null (Table Storage stores no nulls). */
    private static final class Row {
        private final TableEntity entity;

        Row(String partitionKey, String rowKey) {
            entity = new TableEntity(partitionKey, rowKey);
        }

        Row put(String name, Object value) {
            if (value != null) {
                entity.addProperty(name, value);
            }
            return this;
        }

        TableEntity entity() {
            return entity;
        }
    }

    static ShipmentStatus status(TableEntity entity, String name) {
        String value = string(entity, name);
        return value == null ? null : ShipmentStatus.valueOf(value);
    }
}
