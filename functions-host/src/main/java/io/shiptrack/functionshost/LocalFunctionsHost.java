package io.shiptrack.functionshost;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A local EMULATOR of the Azure Functions host, for development and tests only, because Core Tools cannot be
 * installed here. It loads the function classes, reads the queue settings of host.json and runs each queue trigger
 * (see QueueListener) and timer trigger (NCRONTAB, UTC, parsed by cron-utils) against the storage the app settings name. It is not the
 * Functions runtime: no bindings beyond the worker's own, no scaling, no HTTP.
 */
public final class LocalFunctionsHost implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalFunctionsHost.class.getName());
    /**
     * The queue clients' HTTP client: the JDK's, completing its answers on threads of its own rather than on the SDK's
     * shared pool, on which a stall of many calls would leave none to complete them (the worker's StorageHttp tells
     * the story).
     */
    private static final HttpClient HTTP = new JdkHttpClientBuilder()
            .executor(Executors.newCachedThreadPool(daemon("host-http"))).build();
    /** The timer trigger's NCRONTAB (six fields, seconds first, UTC) is Spring's cron format. */
    private static final CronParser NCRONTAB = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

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
            scheduleTimer(function, ExecutionTime.forCron(NCRONTAB.parse(function.schedule()).validate()));
            LOG.info(() -> "timer trigger " + function.name() + " on " + function.schedule());
        }
    }

    /** Starts the triggers of {@code classes} with the queue settings of {@code hostJson}. */
    public static LocalFunctionsHost start(Path hostJson, Map<String, String> appSettings, List<Class<?>> classes) {
        return new LocalFunctionsHost(HostSettings.read(hostJson), appSettings, classes);
    }

    /**
     * Runs the functions of the classes named after the path of host.json (for the worker,
     * {@code io.shiptrack.worker.functions.JobFunctions}) until the process is stopped.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: LocalFunctionsHost <host.json> <function class>...");
        }
        List<Class<?>> classes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            classes.add(Class.forName(args[i]));
        }
        LocalFunctionsHost host = start(Path.of(args[0]), System.getenv(), classes);
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

    private void scheduleTimer(FunctionIndex.TimerFunction function, ExecutionTime schedule) {
        if (stopped) {
            return;
        }
        Instant next = schedule.nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("schedule " + function.schedule() + " never fires"));
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
                .httpClient(HTTP).messageEncoding(QueueMessageEncoding.BASE64)
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
