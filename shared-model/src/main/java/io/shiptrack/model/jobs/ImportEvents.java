package io.shiptrack.model.jobs;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.FieldError;

/**
 * IMPORT_EVENTS: add events to shipments in bulk. A carrier imports into its own shipments, ops into any. The events
 * are staged in chunk rows at submission ({@link #inputChunks}), not kept in the job's row.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ImportEventsParameters")
public record ImportEvents(
        @NotEmpty(message = "must hold at least one event") @Size(max = ImportEvents.MAX_EVENTS, message = "must hold at most {max} events") @Schema(nullable = true, maxItems = ImportEvents.MAX_EVENTS, description = "IMPORT_EVENTS: the events, each validated as a posted event") List<ImportedEvent> events)
        implements
            JobParameters {

    public static final int MAX_EVENTS = 100_000;
    /**
     * Validation of an import stops after this many field errors (and says so in one more entry): 100,000 broken
     * events must not make an answer, and the work to build it, of 100,000 entries.
     */
    public static final int MAX_REPORTED_ERRORS = 100;

    /**
     * The list's rules, then each event's (as a posted event plus its tracking number), one by one rather than by
     * cascading, until {@link #MAX_REPORTED_ERRORS}.
     */
    @Override
    public List<FieldError> validate(Validator validator) {
        List<FieldError> errors = new ArrayList<>(JobParameters.super.validate(validator));
        if (!errors.isEmpty()) {
            return errors;
        }
        for (int i = 0; i < events.size() && errors.size() <= MAX_REPORTED_ERRORS; i++) {
            ImportedEvent event = events.get(i);
            if (event == null) {
                errors.add(FieldError.of(PATH + "events[" + i + "]", "must be an event"));
                continue;
            }
            for (FieldError error : event.validate(validator)) {
                errors.add(error.within(PATH + "events", i));
            }
        }
        if (errors.size() > MAX_REPORTED_ERRORS) {
            errors.subList(MAX_REPORTED_ERRORS, errors.size()).clear();
            errors.add(FieldError.of(PATH + "events", "has more errors; only the first " + MAX_REPORTED_ERRORS
                    + " are reported"));
        }
        return errors;
    }

    @Override
    public ImportEvents normalized(String caller, String defaultRegion) {
        return this;
    }

    /** ops and carriers (a carrier's import touches only its own shipments, see {@link JobRecord#writeScope}). */
    @Override
    public boolean allows(Submitter submitter) {
        return submitter.ops() || submitter.carrier();
    }

    @Override
    public List<String> inputChunks() {
        return EventChunks.split(events);
    }

    @Override
    public long inputSize() {
        return events.size();
    }

    @Override
    public ImportEvents stored() {
        return new ImportEvents(null);
    }
}
