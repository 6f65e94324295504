package io.shiptrack.api.storage;

/** A value read from storage, with the endpoint that answered. */
public record Sourced<T>(T value, ReadSource source) {
}
