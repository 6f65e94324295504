package io.shiptrack.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shiptrack.localstack.TestSourceCheck;

/**
 * Plain JUnit: CONTRIBUTING's rules on tests, checked on this module's test sources by {@link TestSourceCheck} (every
 * test method calls an assertion; no storage, queue or Redis client is mocked). The check's own test is the API's.
 */
class TestRulesTest {

    @Test
    void everyTestAssertsAndNoneMocksStorageQueueOrRedis() {
        assertEquals(List.of(), TestSourceCheck.violations(Path.of("src/test/java")));
    }
}
