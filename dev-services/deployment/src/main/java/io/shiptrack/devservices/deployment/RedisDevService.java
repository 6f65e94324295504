package io.shiptrack.devservices.deployment;

import io.quarkus.deployment.builditem.Startable;
import io.shiptrack.localstack.Redis;

/** redis-server as a local process (local-stack's {@link Redis}) on a free loopback port, no persistence. */
final class RedisDevService implements Startable {

    private Redis redis;

    @Override
    public void start() {
        redis = Redis.start();
    }

    String uri() {
        return redis.uri();
    }

    @Override
    public String getConnectionInfo() {
        return redis.uri();
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
