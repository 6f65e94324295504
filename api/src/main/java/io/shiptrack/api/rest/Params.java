package io.shiptrack.api.rest;

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

import io.shiptrack.model.FieldError;
import io.shiptrack.model.ValidationException;

/**
 * The request parts the resources check by hand: a body that must be there, and query parameters taken as text, so
 * that a bad one is a 400 with a reason, not the 404 JAX-RS gives a parameter it cannot convert. {@link PageSize} checks {@code limit} (Bean Validation, on the resource method); {@link #limit}
 * reads it.
 */
public final class Params {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final String LIMIT_RULE = "must be a whole number from 1 to " + MAX_LIMIT;

    private Params() {
    }

    /** The rule: empty (the default), or a whole number from 1 to {@link #MAX_LIMIT}. */
    static boolean isLimit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return true;
        }
        try {
            int limit = Integer.parseInt(raw);
            return limit >= 1 && limit <= MAX_LIMIT;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code body}, or a 400 naming the missing body (JAX-RS hands a resource null for an empty one). */
    static <T> T requireBody(T body) {
        if (body == null) {
            throw new ValidationException(FieldError.of("body", "is required"));
        }
        return body;
    }

    /** The page size a {@link PageSize}-checked {@code limit} asks for. */
    static int limit(String raw) {
        return raw == null || raw.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(raw);
    }

    /** A page size: {@link #isLimit}. */
    @Documented
    @Retention(RUNTIME)
    @Target({FIELD, PARAMETER})
    @Constraint(validatedBy = PageSize.Validator.class)
    public @interface PageSize {

        String message() default LIMIT_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Applies {@link Params#isLimit}. */
        class Validator implements ConstraintValidator<PageSize, String> {

            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return isLimit(value);
            }
        }
    }
}
