package io.shiptrack.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: the {@code localstack.root} property, or the nearest folder with package.json. */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        String configured = System.getProperty("localstack.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("package.json")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "cannot find the Shiptrack repository root above " + Path.of("").toAbsolutePath());
    }
}
