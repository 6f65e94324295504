package io.shiptrack.devservices.deployment;

import java.util.List;

import org.jboss.logging.Logger;

import io.quarkus.deployment.builditem.Startable;
import io.shiptrack.localstack.Azurite;

/**
 * Azurite as a local process (local-stack's {@link Azurite}, from the repository's pinned npm package) on free
 * loopback ports, with Shiptrack's tables and queues, and in dev mode the demo shipments.
 */
final class AzuriteDevService implements Startable {

    private static final Logger LOG = Logger.getLogger(AzuriteDevService.class);

    private final List<String> regions;
    private final boolean demoData;
    private Azurite azurite;

    AzuriteDevService(List<String> regions, boolean demoData) {
        this.regions = regions;
        this.demoData = demoData;
    }

    @Override
    public void start() {
        azurite = Azurite.start();
        try {
            azurite.createShiptrackStorage(regions);
            if (demoData) {
                List<String> numbers = DemoShipments.write(azurite.tableService());
                LOG.infof("Demo shipments in Azurite: %s; try GET /api/v1/shipments/%s", String.join(", ", numbers),
                        numbers.get(0));
            }
        } catch (RuntimeException e) {
            azurite.close();
            throw e;
        }
    }

    String connectionString() {
        return azurite.connectionString();
    }

    @Override
    public String getConnectionInfo() {
        return azurite.tableEndpoint() + " (tables), " + azurite.queueEndpoint() + " (queues)";
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        if (azurite != null) {
            azurite.close();
        }
    }
}
