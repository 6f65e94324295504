package io.shiptrack.model.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.shiptrack.model.Identifiers;

/** A carrier's event id ({@link Identifiers#isEventId}); null passes (pair it with {@code @NotNull}). */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = EventId.Validator.class)
public @interface EventId {

    String message() default Identifiers.EVENT_ID_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@code Identifiers.isEventId(value)}. */
    class Validator implements ConstraintValidator<EventId, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Identifiers.isEventId(value);
        }
    }
}
