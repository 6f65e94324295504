package io.shiptrack.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Opaque paging cursors. A cursor holds the last key a page returned; the next page starts after it. Keys are
 * checked on the way back in, so a forged cursor can name only a key that a page could have returned.
 */
public final class Cursors {

    private static final String VERSION = "v1:";
    private static final int MAX_CURSOR_LENGTH = 512;

    private Cursors() {
    }

    public static String encode(String lastKey) {
        byte[] bytes = (VERSION + lastKey).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key inside {@code cursor}, or {@link ValidationException} when it is not one this API issued. */
    public static String decode(String cursor, Predicate<String> validKey) {
        String decoded = null;
        if (cursor.length() <= MAX_CURSOR_LENGTH) {
            try {
                decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                decoded = null;
            }
        }
        if (decoded == null || !decoded.startsWith(VERSION) || !validKey.test(decoded.substring(VERSION.length()))) {
            throw new ValidationException(FieldError.of("cursor", "is not a cursor this API issued"));
        }
        return decoded.substring(VERSION.length());
    }
}
