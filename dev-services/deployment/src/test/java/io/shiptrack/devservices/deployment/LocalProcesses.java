package io.shiptrack.devservices.deployment;

import java.util.List;

/** The Azurite and redis-server processes this test JVM runs (its descendants), by command line. */
final class LocalProcesses {

    private LocalProcesses() {
    }

    static List<String> azuriteAndRedis() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(command -> command.contains("azurite") || command.contains("redis-server")).toList();
    }
}
