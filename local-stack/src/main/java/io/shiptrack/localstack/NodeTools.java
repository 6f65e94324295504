package io.shiptrack.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Installs the pinned Node tools (Azurite) when the Maven build has not already done so. */
final class NodeTools {

    private NodeTools() {
    }

    static synchronized void install(Path root) {
        try {
            Process process = new ProcessBuilder("bash", root.resolve("dev/ensure-node-tools.sh").toString())
                    .directory(root.toFile()).inheritIO().start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed; run dev/ensure-node-tools.sh to see why");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
