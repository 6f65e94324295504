package io.shiptrack.worker.cache;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.shiptrack.model.CachedCopy;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.jobs.JobJson;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The API's cache entries written from the worker, in the one format both sides share ({@link CachedCopy}: key and
 * value), kept 7 days like the copies the API stores. Jedis keeps a small pool of connections to the region's Redis;
 * TLS ({@code rediss://}), the password and the database come from the URI. A batch of copies is one pipeline of
 * {@code EVALSHA} calls of the shared set-unless-newer script, which is loaded once and again only when Redis has
 * forgotten it (a restarted or failed-over Redis answers {@code NOSCRIPT}).
 */
public final class RedisShipmentCache implements ShipmentCacheWriter, AutoCloseable {

    public static final Duration KEEP_FOR = Duration.ofDays(7);
    /** Jobs of one worker write from a few threads at most; more connections would only queue inside Redis. */
    private static final int MAX_CONNECTIONS = 8;

    private final RedisClient redis;
    private volatile String scriptSha;

    public RedisShipmentCache(URI uri, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setMaxIdle(MAX_CONNECTIONS);
        pool.setMaxWait(timeout);
        this.redis = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).ssl(JedisURIHelper.isRedisSSLScheme(uri))
                        .user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri))
                        .database(JedisURIHelper.getDBIndex(uri)).clientName("shiptrack-worker").build())
                .poolConfig(pool).build();
    }

    @Override
    public void store(Collection<Shipment> shipments, Instant readAt) {
        if (shipments.isEmpty()) {
            return;
        }
        List<CachedCopyFor> copies = new ArrayList<>();
        for (Shipment shipment : shipments) {
            // Never over a newer version the API (or another job) stored meanwhile.
            copies.add(new CachedCopyFor(shipment.trackingNumber(),
                    CachedCopy.fromPrimary(JobJson.write(shipment.toView()), shipment.version(), readAt)));
        }
        try {
            storeAll(copies, script(false));
        } catch (JedisNoScriptException e) {
            // Redis restarted since the script was loaded; every call is idempotent, so the batch is sent again.
            storeAll(copies, script(true));
        }
    }

    private void storeAll(List<CachedCopyFor> copies, String sha) {
        List<Response<Object>> answers = new ArrayList<>(copies.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (CachedCopyFor copy : copies) {
                answers.add(pipeline.evalsha(sha, List.of(CachedCopy.key(copy.trackingNumber())),
                        copy.copy().storeArguments(KEEP_FOR)));
            }
            pipeline.sync();
        }
        // An error answer (NOSCRIPT among them) is thrown by its response, not by sync().
        answers.forEach(Response::get);
    }

    private String script(boolean reload) {
        String sha = scriptSha;
        if (sha == null || reload) {
            sha = redis.scriptLoad(CachedCopy.SET_UNLESS_NEWER);
            scriptSha = sha;
        }
        return sha;
    }

    @Override
    public void remove(Collection<String> trackingNumbers) {
        if (!trackingNumbers.isEmpty()) {
            redis.del(trackingNumbers.stream().map(CachedCopy::key).toArray(String[]::new));
        }
    }

    /** The raw value under {@code key}, or null; for tests and checks. */
    public String get(String key) {
        return redis.get(key);
    }

    @Override
    public void close() {
        redis.close();
    }

    private record CachedCopyFor(String trackingNumber, CachedCopy copy) {
    }
}
