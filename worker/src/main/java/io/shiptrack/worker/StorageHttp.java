package io.shiptrack.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;

/**
 * The HTTP client under the worker's table and queue clients: the JDK's (no Netty or Vert.x event loops in a
 * Functions worker), on threads of its own and with every try bounded.
 * <p>
 * Left to its defaults, the azure-core JDK client completes its answers on the SDK's shared executor, and the Tables
 * client runs every call that has a timeout on that same bounded pool (ten threads per core). When a slow or hung
 * endpoint holds every thread of the pool in a call, no answer can be completed any more, not even a fast one from
 * a healed endpoint: the process stops talking to storage until it is restarted. The failover drill ran into it after
 * the primary storage came back (every table and queue call timed out for minutes, with no connection open). Here the
 * client's own cached pool completes the answers, and the response timeout frees a try whose answer never comes.
 */
public final class StorageHttp {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private StorageHttp() {
    }

    /** A client whose every try gives up after {@code tryTimeout} without an answer (then the SDK retries). */
    public static HttpClient client(Duration tryTimeout) {
        AtomicInteger count = new AtomicInteger();
        ExecutorService completions = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "shiptrack-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new JdkHttpClientBuilder().executor(completions).connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(tryTimeout).readTimeout(tryTimeout).build();
    }
}
