package io.shiptrack.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.azure.data.tables.models.TableEntity;

/** Reading and writing typed property values of Table Storage entities; absent properties read as null or 0. */
final class EntityValues {

    private EntityValues() {
    }

    /** An instant as the Edm.DateTime the SDK writes for an {@link OffsetDateTime}. */
    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String string(TableEntity entity, String name) {
        Object value = entity.getProperty(name);
        return value == null ? null : value.toString();
    }

    static long number(TableEntity entity, String name) {
        Object value = entity.getProperty(name);
        if (value == null) {
            return 0;
        }
        return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }

    static Instant instant(TableEntity entity, String name) {
        Object value = entity.getProperty(name);
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }
}
