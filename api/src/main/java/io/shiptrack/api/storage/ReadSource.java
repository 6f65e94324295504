package io.shiptrack.api.storage;

/** Where an answer to a read came from, as the {@code X-Read-Source} header names it. */
public enum ReadSource {
    CACHE("cache"), PRIMARY("primary"), SECONDARY("secondary"), STALE_CACHE("stale-cache");

    private final String header;

    ReadSource(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
