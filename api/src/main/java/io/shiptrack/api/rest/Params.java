package io.shiptrack.api.rest;

import io.shiptrack.model.FieldError;
import io.shiptrack.model.ValidationException;

/** Query parameters taken as text and checked here, so a bad one is a 400 with a reason, not a 404. */
final class Params {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private Params() {
    }

    static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException(FieldError.of("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }
}
