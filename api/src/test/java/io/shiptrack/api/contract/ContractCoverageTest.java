package io.shiptrack.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.shiptrack.api.support.Contract;

/** No API test class escapes the traffic check: each one that starts the application opts in to {@link Contract}. */
class ContractCoverageTest {

    @Test
    void everyApplicationTestChecksItsTrafficAgainstTheDocument() throws IOException, URISyntaxException {
        Path classes = Path.of(ContractCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> unchecked = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes.resolve("io/shiptrack/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
                boolean startsTheApplication = AnnotationSupport.isAnnotated(type, QuarkusTest.class)
                        || AnnotationSupport.isAnnotated(type, QuarkusIntegrationTest.class);
                if (!startsTheApplication || Modifier.isAbstract(type.getModifiers())) {
                    continue;
                }
                boolean optedIn = AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class).stream()
                        .anyMatch(extend -> List.of(extend.value()).contains(Contract.class));
                if (optedIn) {
                    checked++;
                } else {
                    unchecked.add(name);
                }
            }
        }
        assertEquals(List.of(), unchecked, "API test classes without @ExtendWith(Contract.class)");
        assertTrue(checked >= 10, "found only " + checked + " API test classes in " + classes);
    }
}
