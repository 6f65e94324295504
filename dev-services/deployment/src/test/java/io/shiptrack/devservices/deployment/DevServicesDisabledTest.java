package io.shiptrack.devservices.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** {@code quarkus.shiptrack.devservices.enabled=false}: nothing is started and nothing is configured. */
class DevServicesDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(LocalProcesses.class))
            .overrideConfigKey("quarkus.shiptrack.devservices.enabled", "false");

    @Test
    void disabledStartsNothing() {
        var config = ConfigProvider.getConfig();
        assertTrue(config.getOptionalValue("shiptrack.storage.connection-string", String.class).isEmpty());
        assertTrue(config.getOptionalValue("quarkus.redis.hosts", String.class).isEmpty());
        assertEquals(List.of(), LocalProcesses.azuriteAndRedis());
    }
}
