package io.shiptrack.devservices.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableItem;
import com.azure.storage.queue.QueueServiceClientBuilder;

import io.quarkus.test.QuarkusUnitTest;
import io.shiptrack.model.TableKeys;

/**
 * Nothing configured: the dev service starts Azurite with Shiptrack's tables and queues, and redis-server, as
 * processes of this JVM, and hands their settings to the application. No demo data in test mode.
 */
class DevServicesStartTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(LocalProcesses.class))
            .overrideConfigKey("shiptrack.regions", "east,west");

    @Test
    void azuriteAndRedisRunAsLocalProcessesAndTheApplicationIsPointedAtThem() throws IOException {
        var config = ConfigProvider.getConfig();
        String connectionString = config.getValue("shiptrack.storage.connection-string", String.class);
        assertTrue(connectionString.contains("TableEndpoint=http://127.0.0.1:"), connectionString);

        var tables = new TableServiceClientBuilder().connectionString(connectionString).buildClient();
        List<String> names = tables.listTables().stream().map(TableItem::getName).toList();
        assertTrue(names.containsAll(TableKeys.ALL_TABLES), names.toString());
        var queues = new QueueServiceClientBuilder().connectionString(connectionString).buildClient();
        for (String queue : List.of("jobs", "jobs-poison", "jobs-east", "jobs-west-poison")) {
            queues.getQueueClient(queue).getProperties();
        }
        assertEquals(0, tables.getTableClient(TableKeys.SHIPMENTS).listEntities().stream().count(),
                "demo shipments are written in dev mode only");

        URI redis = URI.create(config.getValue("quarkus.redis.hosts", String.class));
        assertEquals("127.0.0.1", redis.getHost());
        assertEquals("+PONG", ping(redis.getPort()));

        List<String> processes = LocalProcesses.azuriteAndRedis();
        assertTrue(processes.stream().anyMatch(c -> c.contains("azurite")), processes.toString());
        assertTrue(processes.stream().anyMatch(c -> c.contains("redis-server")), processes.toString());
    }

    private static String ping(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
