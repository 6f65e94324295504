package io.shiptrack.worker.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.jobs.JobJson;

/**
 * The API's cache entries written from the worker, in the one format both sides share ({@link CachedCopy}: key and
 * value), kept 7 days like the copies the API stores.
 */
public final class RedisShipmentCache implements ShipmentCacheWriter {

    public static final Duration KEEP_FOR = Duration.ofDays(7);

    private final URI uri;
    private final Duration timeout;

    public RedisShipmentCache(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
    }

    @Override
    public void store(Collection<ShipmentView> shipments, Instant readAt) {
        List<List<String>> commands = new ArrayList<>();
        for (ShipmentView view : shipments) {
            // Never over a copy the API read later.
            commands.add(new CachedCopy(JobJson.write(view), readAt).storeCommand(view.trackingNumber(), KEEP_FOR));
        }
        run(commands);
    }

    @Override
    public void remove(Collection<String> trackingNumbers) {
        if (!trackingNumbers.isEmpty()) {
            List<String> del = new ArrayList<>();
            del.add("DEL");
            trackingNumbers.forEach(tn -> del.add(CachedCopy.key(tn)));
            run(List.of(del));
        }
    }

    /** The raw value under {@code key}, or null; for tests and checks. */
    public String get(String key) {
        return run(List.of(List.of("GET", key))).get(0);
    }

    private List<String> run(List<List<String>> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        try (Resp resp = Resp.connect(uri, timeout)) {
            return resp.pipeline(commands);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at " + uri + " failed: " + e.getMessage(), e);
        }
    }
}
