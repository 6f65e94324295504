package io.shiptrack.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.shiptrack.api.support.TestStack;

/** {@link IdentityTest} against the packaged application: the JVM jar here, the native executable in CI. */
@QuarkusIntegrationTest
@WithTestResource(TestStack.class)
class IdentityIT extends IdentityTest {
}
