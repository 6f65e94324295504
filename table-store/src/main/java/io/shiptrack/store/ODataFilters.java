package io.shiptrack.store;

/** Builds OData filter expressions with every value quoted and escaped, so input never becomes syntax. */
public final class ODataFilters {

    private ODataFilters() {
    }

    /** A string literal: single quotes doubled, enclosed in single quotes. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public static String eq(String property, String value) {
        return property + " eq " + literal(value);
    }

    public static String gt(String property, String value) {
        return property + " gt " + literal(value);
    }

    public static String ge(String property, String value) {
        return property + " ge " + literal(value);
    }

    public static String lt(String property, String value) {
        return property + " lt " + literal(value);
    }

    public static String and(String... clauses) {
        return String.join(" and ", clauses);
    }
}
