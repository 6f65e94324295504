package io.shiptrack.api.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shiptrack.model.EventRequest;
import io.shiptrack.model.FieldError;
import io.shiptrack.model.MemberShipment;
import io.shiptrack.model.Page;
import io.shiptrack.model.Problem;
import io.shiptrack.model.Shipment;
import io.shiptrack.model.ShipmentRequest;
import io.shiptrack.model.ShipmentView;
import io.shiptrack.model.TrackingEvent;
import io.shiptrack.model.jobs.ImportEvents;
import io.shiptrack.model.jobs.ImportedEvent;
import io.shiptrack.model.jobs.JobParameters;
import io.shiptrack.model.jobs.JobRequest;
import io.shiptrack.model.jobs.PurgeDelivered;
import io.shiptrack.model.jobs.RecomputeMemberStats;
import io.shiptrack.model.jobs.WarmCache;

/**
 * The JSON types a native image must keep for Jackson: resources answer untyped {@code Response}s, and the cache
 * reads and writes its copies outside the REST layer, so Quarkus cannot find these by itself. Also each job type's
 * parameters record, which the request's reader picks by its type at run time, and that reader, which
 * Jackson instantiates. The API's own answer records in {@code rest} ({@code JobView}, {@code StatsView}) carry their
 * own {@code @RegisterForReflection}, so that this package does not import {@code rest}.
 */
@RegisterForReflection(targets = {EventRequest.class, FieldError.class, MemberShipment.class,
        Page.class, Problem.class, Shipment.class, ShipmentRequest.class, ShipmentView.class, TrackingEvent.class,
        ImportedEvent.class, JobParameters.class, JobRequest.class, JobRequest.Reader.class,
        // the job types' parameters, picked at run time by the request's type (JobType.parametersType)
        RecomputeMemberStats.class, ImportEvents.class, WarmCache.class, PurgeDelivered.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
