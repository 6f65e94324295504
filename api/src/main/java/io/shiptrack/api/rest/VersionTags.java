package io.shiptrack.api.rest;

import java.util.OptionalLong;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

/**
 * Entity tags made from a shipment's version ({@code "<version>"}, strong: the same version is the same body), and
 * the conditional-read rule of {@code If-None-Match}: a client that names a version at least as new as the one about
 * to be answered is answered {@code 304}, so it is never handed an older version than the one it holds (a region whose
 * secondary lags, another region). Tags that are not ours (another cache's, malformed) match nothing and are ignored,
 * as RFC 9110 lets a server do for tags it did not issue. Hand-written: the JAX-RS {@code Request.evaluatePreconditions}
 * compares tags for equality only, not by version.
 */
final class VersionTags {

    /** Longer lists are not a client of ours; reading them costs more than a 200 does. */
    private static final int MAX_TAGS = 16;

    private VersionTags() {
    }

    /**
     * 304 with the newest tag the client named, when it names {@code version} or a newer one (so a client is never
     * answered older than it holds); else {@code ok} with {@code version}'s tag.
     */
    static Response.ResponseBuilder conditional(String ifNoneMatch, long version,
            Supplier<Response.ResponseBuilder> ok) {
        OptionalLong held = newestMatched(ifNoneMatch, version);
        return held.isPresent()
                ? Response.notModified().header(ApiContract.ETAG, tag(held.getAsLong()))
                : ok.get().header(ApiContract.ETAG, tag(version));
    }

    static String tag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The newest version named in {@code ifNoneMatch} if it is at least {@code current} (then the answer is 304), or
     * {@code current} itself for {@code *}; empty when the header is absent or names nothing as new.
     */
    static OptionalLong newestMatched(String ifNoneMatch, long current) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return OptionalLong.empty();
        }
        long newest = -1;
        String[] tags = ifNoneMatch.split(",", MAX_TAGS + 1);
        for (int i = 0; i < Math.min(tags.length, MAX_TAGS); i++) {
            String tag = tags[i].strip();
            if (tag.equals("*")) {
                return OptionalLong.of(current);
            }
            // A weak tag of ours still names a version; If-None-Match compares weakly (RFC 9110, 13.1.2).
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            newest = Math.max(newest, version(tag));
        }
        return newest >= current ? OptionalLong.of(newest) : OptionalLong.empty();
    }

    private static long version(String tag) {
        if (tag.length() < 3 || tag.length() > 21 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            return -1;
        }
        for (int i = 1; i < tag.length() - 1; i++) {
            if (tag.charAt(i) < '0' || tag.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(tag, 1, tag.length() - 1, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
