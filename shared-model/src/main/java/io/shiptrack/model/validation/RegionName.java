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

import io.shiptrack.model.jobs.JobQueues;

/** A region name ({@link JobQueues#REGION}); null passes. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = RegionName.Validator.class)
public @interface RegionName {

    String message() default "must be a region name such as east or west";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@code JobQueues.REGION.matcher(value).matches()}. */
    class Validator implements ConstraintValidator<RegionName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || JobQueues.REGION.matcher(value).matches();
        }
    }
}
