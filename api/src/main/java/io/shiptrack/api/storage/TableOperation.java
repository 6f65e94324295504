package io.shiptrack.api.storage;

/** Work done against one endpoint's tables; the gateway that runs it decides which endpoint. */
@FunctionalInterface
public interface TableOperation<T> {

    T apply(Tables tables);
}
