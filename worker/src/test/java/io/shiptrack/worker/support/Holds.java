package io.shiptrack.worker.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableServiceException;

import io.shiptrack.store.ShipmentStore;

/** ShipmentStore probes for the race tests: hold a writer at a point until released, or fail it there. */
public final class Holds {

    private Holds() {
    }

    /** Whether {@code member}'s index partition has a row for {@code trackingNumber}, read straight from the table. */
    public static boolean listed(TableClient memberShipments, String member, String trackingNumber) {
        try {
            memberShipments.getEntityWithResponse(member, trackingNumber, null, null, Context.NONE);
            return true;
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Runs {@code writer} (given the probe to build its store with) until it is held at {@code point}, then
     * {@code meanwhile}, then releases the writer, also when {@code meanwhile} failed; returns the writer's outcome
     * (an {@link ExecutionException} with its failure as the cause).
     */
    public static <T> T across(String point, Function<ShipmentStore.Probe, T> writer, Runnable meanwhile)
            throws InterruptedException, ExecutionException, TimeoutException {
        Hold hold = new Hold(point);
        CompletableFuture<T> running = hold.start(() -> writer.apply(hold));
        try {
            meanwhile.run();
        } finally {
            hold.release();
        }
        return running.get(60, TimeUnit.SECONDS);
    }

    /** Holds the first writer that reaches {@code point} until {@link #release()}. */
    public static final class Hold implements ShipmentStore.Probe {
        private final String point;
        private final AtomicBoolean armed = new AtomicBoolean(true);
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        public Hold(String point) {
            this.point = point;
        }

        @Override
        public void reached(String at, String trackingNumber) {
            if (at.equals(point) && armed.compareAndSet(true, false)) {
                reached.countDown();
                try {
                    if (!released.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released from " + point);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        /**
         * Runs {@code writer} on another thread and returns once a writer is held at the point; the future ends
         * with the writer's outcome after {@link #release()}.
         */
        public <T> CompletableFuture<T> start(Supplier<T> writer) throws InterruptedException {
            CompletableFuture<T> running = CompletableFuture.supplyAsync(writer);
            awaitReached();
            return running;
        }

        /** Waits until a writer is held at the point. */
        public void awaitReached() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no writer reached " + point);
            }
        }

        public void release() {
            released.countDown();
        }
    }
}
