package io.shiptrack.localstack;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;

/**
 * A read-access geo-redundant secondary on this machine that is behind its primary, as Azure's is: a second Azurite
 * holding a copy of the primary's tables, a replicator that applies the primary's changes (every table, also tables
 * created later) to the copy {@link #lag()} late, and an endpoint in front of the copy that serves reads, answers Get
 * Table Service Stats with the real last sync time and refuses writes with 403 ({@link SecondaryFront}).
 *
 * <p>
 * Every tick (250 ms, or four times as long as a listing takes) the replicator lists the rows of the primary written
 * since the previous tick (by Timestamp), and every {@link #COMPLETE_EVERY} (or eight times as long as that takes)
 * also every row's key, to find the rows deleted; it keeps what changed, stamped
 * with the time the listing began, and applies each listing once it is {@code lag} old. The time of the newest
 * complete listing applied is the last sync time: every change committed on the primary before it is on the copy. It
 * reads the primary at the connection string it is given: through a {@link FaultProxy}, an outage injected there stops
 * replication, as in Azure; past it, replication goes on. See
 * docs/design.md, "The lagging secondary", for how this differs from Azure's geo-replication.
 *
 * <p>
 * The copy starts caught up ({@link #start} copies what the primary holds). {@link #pause()} holds replication for a
 * test that needs the secondary behind; {@link #syncNow()} brings it up to date at once, whatever the lag.
 */
public final class LaggingSecondary implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LaggingSecondary.class.getName());

    /** How often the primary is listed, unless a listing takes more than a fifth of that (then less often). */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(250);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How often a tick also lists every row's key, to find the rows deleted (unless that listing takes more than an
     * eighth of it: at 20,000 rows, a second or two): the last sync time moves on with these listings only.
     */
    static final Duration COMPLETE_EVERY = Duration.ofSeconds(2);
    private static final Pattern LAG = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)?");

    private final Azurite copy;
    private final Replicator replicator;
    private final SecondaryFront front;
    private final ScheduledExecutorService thread;
    private final Duration tick;
    private volatile Duration lag;
    private volatile boolean paused;
    private volatile boolean closed;
    private String lastFailure;
    private long nextComplete = System.nanoTime();

    private LaggingSecondary(Azurite copy, Replicator replicator, SecondaryFront front,
            ScheduledExecutorService thread, Duration tick, Duration lag) {
        this.copy = copy;
        this.replicator = replicator;
        this.front = front;
        this.thread = thread;
        this.tick = tick;
        this.lag = lag;
    }

    /** Starts a secondary of the Azurite that {@code primaryConnectionString} names, {@code lag} behind it. */
    public static LaggingSecondary start(String primaryConnectionString, Duration lag) {
        return start(primaryConnectionString, lag, DEFAULT_TICK);
    }

    /** {@link #start(String, Duration)} listing the primary every {@code tick}. */
    public static LaggingSecondary start(String primaryConnectionString, Duration lag, Duration tick) {
        requireLag(lag);
        Azurite copy = Azurite.start();
        SecondaryFront front = null;
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "lagging-secondary");
            t.setDaemon(true);
            return t;
        });
        try {
            Replicator replicator = new Replicator(tables(primaryConnectionString), copy.tableService(),
                    CALL_TIMEOUT);
            replicator.applyUpTo(replicator.snapshot(true));
            front = SecondaryFront.start(tableServiceBase(copy.tableEndpoint()), replicator::lastSync);
            LaggingSecondary secondary = new LaggingSecondary(copy, replicator, front, thread, tick, lag);
            thread.schedule(secondary::tick, tick.toMillis(), TimeUnit.MILLISECONDS);
            return secondary;
        } catch (RuntimeException e) {
            thread.shutdownNow();
            if (front != null) {
                front.close();
            }
            copy.close();
            throw e;
        }
    }

    /**
     * A lag as people write it: {@code 5s}, {@code 500ms}, {@code 1m}, {@code 0}, or ISO-8601 ({@code PT5S}); empty
     * for {@code same} (or {@code off}, {@code none}): no lagging secondary, the API's secondary endpoint is the
     * primary Azurite's own {@code -secondary} account, the same storage (the behaviour before this stand-in).
     */
    public static Optional<Duration> parseLag(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("same") || value.equals("off") || value.equals("none")) {
            return Optional.empty();
        }
        if (value.startsWith("pt")) {
            return Optional.of(requireLag(Duration.parse(value)));
        }
        Matcher m = LAG.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("a lag is like 5s, 500ms, 1m, 0 or same, not " + text);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = Math.round(amount * switch (unit) {
            case "ms" -> 1;
            case "s" -> 1000;
            default -> 60_000;
        });
        return Optional.of(Duration.ofMillis(millis));
    }

    /** The lag as {@link #parseLag} reads it: {@code 5s}, {@code 0s}, {@code 1.5s}. */
    public static String format(Duration lag) {
        long millis = lag.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /** The secondary table endpoint to give the API ({@code shiptrack.tables.secondary-endpoint}). */
    public String endpoint() {
        return baseUrl() + "/" + Azurite.ACCOUNT + "-secondary";
    }

    /** Scheme, host and port of the secondary endpoint, for a proxy to forward to. */
    public String baseUrl() {
        return front.baseUrl();
    }

    /** The connection string of the copy's Azurite, to read (never write) the copy past the endpoint. */
    public String connectionString() {
        return copy.connectionString();
    }

    /** The copy's tables, read directly. */
    public TableServiceClient copyTables() {
        return copy.tableService();
    }

    public Duration lag() {
        return lag;
    }

    /** From the next tick on, changes reach the copy {@code lag} after they were made. */
    public void setLag(Duration lag) {
        this.lag = requireLag(lag);
    }

    /** Holds replication entirely: nothing reaches the copy until {@link #resume()} or {@link #syncNow()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * The last sync time: every change committed on the primary before it is on the copy (what the endpoint's Get
     * Table Service Stats answers, there in whole seconds).
     */
    public Instant lastSync() {
        return replicator.lastSync();
    }

    /** {@link #awaitCaughtUp} with a minute's deadline; returns the new last sync time. */
    public Instant syncNow() {
        return awaitCaughtUp(Duration.ofMinutes(1));
    }

    /**
     * Applies everything committed on the primary up to now to the copy, whatever the lag and also while paused
     * (the pause holds the ticks after it), and waits for it; returns the new last sync time, which is now or
     * later. Throws when that takes longer than {@code deadline}.
     */
    public Instant awaitCaughtUp(Duration deadline) {
        Instant asked = Instant.now();
        Future<Instant> sync = thread.submit(() -> replicator.applyUpTo(replicator.snapshot(true)));
        try {
            Instant synced = sync.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (synced.isBefore(asked)) {
                throw new IllegalStateException("the secondary synced to " + synced + ", before " + asked);
            }
            return synced;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the lagging secondary did not catch up within " + deadline);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the lagging secondary could not catch up", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many times the primary has been listed: a test holding the secondary paused waits for listings that must
     * not reach the copy.
     */
    public long listings() {
        return replicator.snapshots();
    }

    /** One line for a console: lag, last sync and how far behind it is. */
    public String describe() {
        Instant last = lastSync();
        long behind = Duration.between(last, Instant.now()).toMillis();
        return "lag " + format(lag) + (paused ? " (paused)" : "") + ", last sync " + last + " ("
                + String.format(Locale.ROOT, "%.1f", behind / 1000.0) + " s ago)";
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        front.close();
        copy.close();
    }

    /** Lists the primary and applies what is old enough; then waits a tick, or as long as this took if longer. */
    private void tick() {
        long started = System.nanoTime();
        try {
            boolean complete = started - nextComplete >= 0;
            replicator.snapshot(complete);
            if (complete) {
                long took = System.nanoTime() - started;
                nextComplete = System.nanoTime() + Math.max(COMPLETE_EVERY.toNanos(), 8 * took);
            }
            if (!paused) {
                replicator.applyUpTo(Instant.now().minus(lag));
            }
            lastFailure = null;
        } catch (RuntimeException e) {
            // Retried at the next tick (the listing and the writes are idempotent); said once per kind of failure.
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!closed && !failure.equals(lastFailure)) {
                LOG.log(System.Logger.Level.WARNING, "lagging secondary: replication failed, retrying: " + failure);
            }
            lastFailure = failure;
        }
        if (!closed) {
            // The primary's Azurite is one thread that the system under test needs too: listing it takes a fifth
            // of the time at most.
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            try {
                thread.schedule(this::tick, Math.max(tick.toMillis(), 4 * took), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Closed meanwhile.
            }
        }
    }

    private static Duration requireLag(Duration lag) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("a lag is zero or more, not " + lag);
        }
        return lag;
    }

    private static TableServiceClient tables(String connectionString) {
        return new TableServiceClientBuilder().connectionString(connectionString).buildClient();
    }

    private static String tableServiceBase(String endpoint) {
        URI uri = URI.create(endpoint);
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
