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

import io.shiptrack.model.Texts;

/** A time storage and the event keys hold ({@link Texts#isStorable}); null passes. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = StoredTime.Validator.class)
public @interface StoredTime {

    String message() default Texts.TIME_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@code Texts.isStorable(value)}. */
    class Validator implements ConstraintValidator<StoredTime, java.time.Instant> {

        @Override
        public boolean isValid(java.time.Instant value, ConstraintValidatorContext context) {
            return value == null || Texts.isStorable(value);
        }
    }
}
