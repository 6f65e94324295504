package io.shiptrack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shiptrack.localstack.TestSourceCheck;

/**
 * Plain JUnit: CONTRIBUTING's rules on tests, checked on this module's test sources by {@link TestSourceCheck} (every
 * test method calls an assertion; no storage, queue or Redis gateway is mocked).
 */
class TestRulesTest {

    @Test
    void everyTestAssertsAndNoneMocksStorageQueueOrRedis() {
        assertEquals(List.of(), TestSourceCheck.violations(Path.of("src/test/java")));
    }

    /** The check itself: each rule flags the test that breaks it, and passes the one that keeps it. */
    @Test
    void theCheckFlagsATestWithoutAssertionAndAMockedGateway() {
        String source = """
                class Planted {
                    @Test
                    void looksAtNothing() {
                        given().get("/api/v1/shipments/X"); // assertEquals(1, 2) in a comment is no assertion
                    }

                    @ParameterizedTest
                    @ValueSource(strings = {"a"})
                    void asksAHelper(String s) {
                        readsBack(s);
                    }

                    private void readsBack(String s) {
                        given().get(s).then().statusCode(200);
                    }

                    @Test
                    void mocksTheQueue() {
                        QuarkusMock.installMockForType(new JobQueueGateway() {
                        }, JobQueueGateway.class);
                        assertTrue(true);
                    }
                }
                """;
        List<String> found = TestSourceCheck.violations("Planted.java", source);
        assertEquals(2, found.size(), "found: " + found);
        assertTrue(found.get(0).startsWith("Planted.java:2: test looksAtNothing calls no assertion"), found.get(0));
        assertTrue(found.get(1).startsWith("Planted.java:19: mocks JobQueueGateway"), found.get(1));
    }
}
