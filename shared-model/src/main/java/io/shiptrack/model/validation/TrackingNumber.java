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

import io.shiptrack.model.TrackingNumbers;

/** A tracking number ({@link TrackingNumbers#isValid}); null passes (pair it with {@code @NotNull}). */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = TrackingNumber.Validator.class)
public @interface TrackingNumber {

    String message() default TrackingNumbers.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@code TrackingNumbers.isValid(value)}. */
    class Validator implements ConstraintValidator<TrackingNumber, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || TrackingNumbers.isValid(value);
        }
    }
}
