package io.shiptrack.api.rest;

import java.util.Optional;

import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.shiptrack.api.config.ShiptrackConfig;

/**
 * When {@code shiptrack.front-door.id} is set (Bicep sets it to the Front Door profile's id), every API request
 * must carry it in {@code X-Azure-FDID}, the header Front Door sets on what it forwards: a request that reached the
 * container app's own address, past Front Door, is refused with 403. Off when unset (locally, in tests). Health is
 * served outside the REST layer and stays open for the probes.
 */
public class FrontDoorFilter {

    static final String HEADER = "X-Azure-FDID";

    // Read per request: REST filters are created at static init, before configuration mappings exist.
    private final Provider<ShiptrackConfig> config;

    FrontDoorFilter(Provider<ShiptrackConfig> config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireFrontDoor(ContainerRequestContext request) {
        Optional<String> frontDoorId = config.get().frontDoor().id().map(String::trim).filter(id -> !id.isEmpty());
        if (frontDoorId.isEmpty() || frontDoorId.get().equalsIgnoreCase(request.getHeaderString(HEADER))) {
            return Optional.empty();
        }
        return Optional.of(Problems.response(403, "not-through-front-door", "Forbidden",
                "requests must come through the service's Front Door"));
    }
}
