package io.shiptrack.functionshost;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;

/**
 * The queue trigger of one function, following the documented behaviour of the Storage Queues extension: fetch up
 * to batchSize messages, fetch again when the messages in flight drop to newBatchThreshold, poll with a randomized
 * exponential back-off up to maxPollingInterval while the queue is empty (or unreachable); keep a message invisible
 * while its function runs; delete it on success; on failure make it visible again after visibilityTimeout, and
 * after maxDequeueCount failures move it to {@code <queue>-poison}.
 */
final class QueueListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(QueueListener.class.getName());
    static final Duration MIN_POLLING_INTERVAL = Duration.ofMillis(100);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final FunctionIndex.QueueFunction function;
    private final QueueClient queue;
    private final QueueClient poison;
    private final HostSettings settings;
    private final Duration invisibleWhileRunning;
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> poisoned = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    QueueListener(FunctionIndex.QueueFunction function, QueueClient queue, QueueClient poison, HostSettings settings,
            Duration invisibleWhileRunning, ExecutorService workers, ScheduledExecutorService renewals) {
        this.function = function;
        this.queue = queue;
        this.poison = poison;
        this.settings = settings;
        this.invisibleWhileRunning = invisibleWhileRunning;
        this.workers = workers;
        this.renewals = renewals;
    }

    /** The bodies this listener moved to the poison queue. */
    List<String> poisoned() {
        return poisoned;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        Duration wait = MIN_POLLING_INTERVAL;
        while (!stopped) {
            if (inFlight.get() > settings.newBatchThreshold()) {
                pause(Duration.ofMillis(20));
                continue;
            }
            List<QueueMessageItem> batch;
            try {
                batch = queue.receiveMessages(settings.batchSize(), invisibleWhileRunning, CALL_TIMEOUT, Context.NONE)
                        .stream().toList();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "polling " + function.queueName() + " failed: " + e.getMessage());
                batch = List.of();
            }
            if (batch.isEmpty()) {
                pause(Duration
                        .ofMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 2, wait.toMillis() + 1)));
                wait = wait.multipliedBy(2).compareTo(settings.maxPollingInterval()) > 0
                        ? settings.maxPollingInterval()
                        : wait.multipliedBy(2);
                continue;
            }
            wait = MIN_POLLING_INTERVAL;
            for (QueueMessageItem message : batch) {
                inFlight.incrementAndGet();
                workers.execute(() -> {
                    try {
                        process(message);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        }
    }

    private void process(QueueMessageItem message) {
        String body = message.getBody().toString();
        long dequeueCount = message.getDequeueCount();
        Receipt receipt = new Receipt(message.getPopReceipt());
        if (dequeueCount > settings.maxDequeueCount()) {
            moveToPoison(message, body, receipt);
            return;
        }
        long renewEvery = Math.max(100, invisibleWhileRunning.toMillis() / 2);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> receipt.renew(message.getMessageId()),
                renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        Throwable failure = null;
        try {
            FunctionIndex.invoke(function.name(), function.method(), body, dequeueCount, message.getMessageId());
        } catch (Throwable t) {
            failure = t;
        } finally {
            renewal.cancel(false);
        }
        try {
            if (failure == null) {
                synchronized (receipt) {
                    queue.deleteMessage(message.getMessageId(), receipt.value);
                }
            } else if (dequeueCount >= settings.maxDequeueCount()) {
                LOG.warning(() -> function.name() + ": message " + message.getMessageId() + " failed " + dequeueCount
                        + " times; moving it to " + poison.getQueueName());
                moveToPoison(message, body, receipt);
            } else {
                Throwable f = failure;
                LOG.info(() -> function.name() + ": message " + message.getMessageId() + " failed (delivery "
                        + dequeueCount + "): " + f);
                synchronized (receipt) {
                    queue.updateMessage(message.getMessageId(), receipt.value, null, settings.visibilityTimeout());
                }
            }
        } catch (RuntimeException e) {
            // The message reappears when its invisibility ends, and is delivered again.
            LOG.log(Level.WARNING, function.name() + ": settling message " + message.getMessageId() + " failed", e);
        }
    }

    private void moveToPoison(QueueMessageItem message, String body, Receipt receipt) {
        poison.sendMessage(body);
        poisoned.add(body);
        synchronized (receipt) {
            queue.deleteMessage(message.getMessageId(), receipt.value);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The message's current pop receipt: every visibility update replaces it. */
    private final class Receipt {
        private String value;

        Receipt(String value) {
            this.value = value;
        }

        synchronized void renew(String messageId) {
            try {
                value = queue.updateMessage(messageId, value, null, invisibleWhileRunning).getPopReceipt();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "keeping message " + messageId + " invisible failed", e);
            }
        }
    }
}
