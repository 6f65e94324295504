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

/** A member id ({@link Identifiers#isMemberId}); null passes. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = MemberId.Validator.class)
public @interface MemberId {

    String message() default Identifiers.MEMBER_ID_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@code Identifiers.isMemberId(value)}. */
    class Validator implements ConstraintValidator<MemberId, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Identifiers.isMemberId(value);
        }
    }
}
