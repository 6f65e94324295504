package io.shiptrack.model.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.shiptrack.model.EventRequest;

/**
 * A carrier's event time no further ahead of now than carrier clocks drift ({@link EventRequest#MAX_CLOCK_SKEW}).
 * "Now" is the validator's {@code ClockProvider}: the API's clock. Null passes.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = NotFarAhead.Validator.class)
public @interface NotFarAhead {

    String message() default "must not be more than 24 hours in the future";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Compares with the validator's clock. */
    class Validator implements ConstraintValidator<NotFarAhead, Instant> {

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || !EventRequest.isTooFarAhead(value,
                    context.getClockProvider().getClock().instant());
        }
    }
}
