package io.shiptrack.devservices.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** Storage and Redis configured explicitly: the dev service starts neither, and the settings stay the user's. */
class DevServicesSkippedTest {

    static final String STORAGE = "DefaultEndpointsProtocol=http;AccountName=mine;AccountKey=a2V5;"
            + "TableEndpoint=http://127.0.0.1:1/mine;";
    static final String REDIS = "redis://127.0.0.1:1";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(LocalProcesses.class))
            .overrideConfigKey("shiptrack.storage.connection-string", STORAGE)
            .overrideConfigKey("quarkus.redis.hosts", REDIS);

    @Test
    void configuredStorageAndRedisStartNoProcess() {
        var config = ConfigProvider.getConfig();
        assertEquals(STORAGE, config.getValue("shiptrack.storage.connection-string", String.class));
        assertEquals(REDIS, config.getValue("quarkus.redis.hosts", String.class));
        assertEquals(List.of(), LocalProcesses.azuriteAndRedis());
    }
}
