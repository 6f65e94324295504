package io.shiptrack.model.validation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** A plain Hibernate Validator, as the API's, whose clock stands still at {@code now}. */
public final class TestValidators {

    private TestValidators() {
    }

    public static Validator at(Instant now) {
        return Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .clockProvider(() -> Clock.fixed(now, ZoneOffset.UTC))
                .buildValidatorFactory().getValidator();
    }
}
