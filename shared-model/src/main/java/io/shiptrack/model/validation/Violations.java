package io.shiptrack.model.validation;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import io.shiptrack.model.FieldError;

/** Bean Validation's violations as the API's field errors: one per violation, named by its JSON path. */
public final class Violations {

    private Violations() {
    }

    /**
     * One {@link FieldError} per violation, its field the property path under {@code prefix} (e.g.
     * {@code parameters.}), in field order. A violation of a method parameter (a query parameter) is named by the
     * parameter: the method's name is not part of it.
     */
    public static List<FieldError> fieldErrors(Collection<? extends ConstraintViolation<?>> violations,
            String prefix) {
        return violations.stream().map(violation -> FieldError.of(prefix + field(violation.getPropertyPath()),
                violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message)).toList();
    }

    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = "";
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().isEmpty()) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? parameter : field.toString();
    }
}
