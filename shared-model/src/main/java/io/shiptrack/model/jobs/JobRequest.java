package io.shiptrack.model.jobs;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validator;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.shiptrack.model.FieldError;

/**
 * The body of {@code POST /jobs}: a job type and its parameters, {@code {"type":"WARM_CACHE","parameters":{...}}}.
 * {@code parameters} are read as the record of {@code type} ({@link JobType#parametersType}) by {@link Reader};
 * without a type, or with an unknown one, the parameters are not read and the type alone names the error.
 */
@JsonDeserialize(using = JobRequest.Reader.class)
@Schema(description = "A job to run: its type and that type's parameters.", requiredProperties = {"type"})
public record JobRequest(
        JobType type,
        @Schema(description = "Required for IMPORT_EVENTS (events) and PURGE_DELIVERED (olderThanDays)") JobParameters parameters) {

    static final String TYPE_REQUIRED = "is required: " + String.join(", ",
            Arrays.stream(JobType.values()).limit(JobType.values().length - 1L).map(JobType::name).toList())
            + " or " + JobType.values()[JobType.values().length - 1].name();

    public JobRequest {
        if (type != null && parameters != null && type.parametersType() != parameters.getClass()) {
            throw new IllegalArgumentException(type + " does not take " + parameters.getClass().getSimpleName());
        }
    }

    /** A request for the job type whose parameters these are. */
    public JobRequest(JobParameters parameters) {
        this(JobType.of(parameters.getClass()), parameters);
    }

    /**
     * Every broken rule, empty when the request is valid: the type, then the rules of that type's parameters
     * ({@link JobParameters#validate}). "Now", for event times, is {@code validator}'s clock.
     */
    public List<FieldError> validate(Validator validator) {
        if (type == null) {
            return List.of(FieldError.of("type", TYPE_REQUIRED));
        }
        return parametersOrNone().validate(validator);
    }

    /**
     * The request with defaults filled in ({@link JobParameters#normalized}), so that two bodies meaning the same job
     * have the same fingerprint. {@code caller} is the member a stats job defaults to; a WARM_CACHE without a region
     * gets {@code defaultRegion} (the region of the API that accepted it; null in a single-region setup, where the job
     * stays region-free).
     */
    public JobRequest normalized(String caller, String defaultRegion) {
        return new JobRequest(type, parametersOrNone().normalized(caller, defaultRegion));
    }

    private JobParameters parametersOrNone() {
        return parameters == null ? type.noParameters() : parameters;
    }

    /**
     * The request as JSON, as it has always been written: {@code type}, and {@code parameters} as the record's own
     * fields. Job fingerprints are hashes of this text (see {@link JobIds#fingerprint}), so it must not change.
     */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        if (parameters != null) {
            json.put("parameters", parameters);
        }
        return json;
    }

    /**
     * Reads a request with its parameters as the record of its type, streamed when the type comes first and buffered
     * when it comes after them. Jackson's own external type ids ({@code @JsonTypeInfo(include = EXTERNAL_PROPERTY)})
     * were tried first and answer differently from the contract: a type without parameters is refused, a null type
     * fails the creator, and an error inside the parameters loses the {@code parameters.} of its path. Properties
     * other than these two are ignored, as in every body; an error is thrown with its JSON path ({@code type},
     * {@code parameters.limit}, ...), which the API names in its 400.
     */
    public static final class Reader extends StdDeserializer<JobRequest> {

        private static final long serialVersionUID = 1L;

        public Reader() {
            super(JobRequest.class);
        }

        @Override
        public JobRequest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartObjectToken()) {
                return (JobRequest) context.handleUnexpectedToken(JobRequest.class, parser);
            }
            JobType type = null;
            JobParameters parameters = null;
            TokenBuffer early = null;
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                parser.nextToken();
                if (name.equals("type")) {
                    type = read(parser, context, JobType.class, name);
                } else if (name.equals("parameters") && type != null) {
                    parameters = read(parser, context, type.parametersType(), name);
                } else if (name.equals("parameters")) {
                    early = context.bufferAsCopyOfValue(parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (early != null && type != null) {
                try (JsonParser buffered = early.asParserOnFirstToken()) {
                    parameters = read(buffered, context, type.parametersType(), "parameters");
                }
            }
            return new JobRequest(type, parameters);
        }

        private static <T> T read(JsonParser parser, DeserializationContext context, Class<T> type, String field)
                throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            try {
                return context.readValue(parser, type);
            } catch (JsonMappingException e) {
                throw JsonMappingException.wrapWithPath(e, JobRequest.class, field);
            }
        }
    }
}
