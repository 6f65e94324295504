package io.shiptrack.worker.host;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;

import io.shiptrack.worker.StorageHttp;
import io.shiptrack.worker.functions.JobFunctions;

/**
 * A local EMULATOR of the Azure Functions host, for development and tests only, because Core Tools cannot be
 * installed here. It loads the function classes, reads the queue settings of host.json and runs each queue trigger
 * (see QueueListener) and timer trigger (NCRONTAB, UTC) against the storage the app settings name. It is not the
 * Functions runtime: no bindings beyond the worker's own, no scaling, no HTTP.
 */
public final class LocalFunctionsHost implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalFunctionsHost.class.getName());

    private final List<QueueListener> listeners = new ArrayList<>();
    private final ExecutorService threads;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("host-timer"));
    private volatile boolean stopped;

    private LocalFunctionsHost(HostSettings settings, Map<String, String> appSettings, List<Class<?>> classes) {
        FunctionIndex index = new FunctionIndex(classes, appSettings);
        Duration invisible = Duration.parse(appSettings.getOrDefault("SHIPTRACK_HOST_INVISIBLE", "PT10M"));
        int perQueue = settings.batchSize() + settings.newBatchThreshold();
        threads = Executors.newCachedThreadPool(daemon("host-function"));
        for (FunctionIndex.QueueFunction function : index.queueFunctions) {
            QueueClient queue = queue(appSettings, function.connection(), function.queueName());
            QueueClient poison = queue(appSettings, function.connection(), function.queueName() + "-poison");
            QueueListener listener = new QueueListener(function, queue, poison, settings, invisible,
                    Executors.newFixedThreadPool(perQueue, daemon("fn-" + function.name())), scheduler);
            listeners.add(listener);
            threads.execute(listener);
            LOG.info(() -> "queue trigger " + function.name() + " on " + function.queueName() + ": " + settings);
        }
        for (FunctionIndex.TimerFunction function : index.timerFunctions) {
            NcrontabSchedule schedule = new NcrontabSchedule(function.schedule());
            scheduleTimer(function, schedule);
            LOG.info(() -> "timer trigger " + function.name() + " on " + function.schedule());
        }
    }

    /** Starts the triggers of {@code classes} with the queue settings of {@code hostJson}. */
    public static LocalFunctionsHost start(Path hostJson, Map<String, String> appSettings, List<Class<?>> classes) {
        return new LocalFunctionsHost(HostSettings.read(hostJson), appSettings, classes);
    }

    /** Runs the worker's functions until the process is stopped; the first argument is the path of host.json. */
    public static void main(String[] args) throws InterruptedException {
        Path hostJson = Path.of(args.length > 0 ? args[0] : "host.json");
        LocalFunctionsHost host = start(hostJson, System.getenv(), List.of(JobFunctions.class));
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "host-shutdown"));
        LOG.info("local Functions host (emulator) running; stop it with Ctrl-C");
        Thread.currentThread().join();
    }

    /** The message bodies each queue trigger moved to its poison queue, in order. */
    public List<String> poisoned() {
        List<String> all = new ArrayList<>();
        listeners.forEach(listener -> all.addAll(listener.poisoned()));
        return all;
    }

    @Override
    public void close() {
        stopped = true;
        listeners.forEach(QueueListener::stop);
        scheduler.shutdownNow();
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleTimer(FunctionIndex.TimerFunction function, NcrontabSchedule schedule) {
        if (stopped) {
            return;
        }
        Instant next = schedule.next(Instant.now());
        long delay = Math.max(0, Duration.between(Instant.now(), next).toMillis());
        scheduler.schedule(() -> {
            try {
                FunctionIndex.invoke(function.name(), function.method(),
                        "{\"Schedule\":{},\"IsPastDue\":false}", 0, null);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "timer function " + function.name() + " failed", t);
            }
            scheduleTimer(function, schedule);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The trigger's queue through its connection setting, Base64 as the extension's default messageEncoding. */
    private static QueueClient queue(Map<String, String> appSettings, String connection, String name) {
        String connectionString = appSettings.get(connection);
        if (connectionString == null) {
            throw new IllegalStateException("app setting " + connection + " (the queue connection string) is not "
                    + "set; the emulator does not do managed identity");
        }
        return new QueueClientBuilder().connectionString(connectionString).queueName(name)
                .httpClient(StorageHttp.client(Duration.ofSeconds(30))).messageEncoding(QueueMessageEncoding.BASE64)
                .buildClient();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
