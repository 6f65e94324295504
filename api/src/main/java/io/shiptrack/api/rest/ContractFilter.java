package io.shiptrack.api.rest;

import java.math.BigDecimal;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.shiptrack.model.TrackingNumbers;
import io.shiptrack.model.jobs.JobParameters;

/**
 * What every operation shares, said once (registered with {@code mp.openapi.filter}): each 4xx and 5xx answer has the
 * problem+json body it really has, each 409, 429 and 503 its {@code Retry-After}, and the path and query parameters
 * several resources take ({@code trackingNumber}, {@code limit}, {@code cursor}) their rules. The resources take
 * them as text and check them in code ({@link TrackingNumbers}, {@link Params}), so the scanner sees plain strings.
 * The job parameters of every type show as one object ({@link #mergeJobParameters}).
 */
public class ContractFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Override
    public Parameter filterParameter(Parameter parameter) {
        switch (parameter.getName()) {
            case "trackingNumber" -> parameter.description("8 to 40 upper-case letters and digits")
                    .example("TN0000000001").schema(text().pattern(TrackingNumbers.PATTERN));
            case "limit" -> parameter.description("Page size").schema(OASFactory.createSchema()
                    .addType(Schema.SchemaType.INTEGER).format("int32").minimum(BigDecimal.ONE)
                    .maximum(BigDecimal.valueOf(Params.MAX_LIMIT)).defaultValue(Params.DEFAULT_LIMIT));
            case "cursor" -> parameter.description("The nextCursor of the previous page; opaque")
                    .schema(text());
            default -> {
                // described where it is declared
            }
        }
        return parameter;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        mergeJobParameters(openAPI.getComponents());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
                    continue;
                }
                for (Map.Entry<String, APIResponse> entry : operation.getResponses().getAPIResponses().entrySet()) {
                    String code = entry.getKey();
                    if (code.startsWith("4") || code.startsWith("5")) {
                        describeProblem(code, entry.getValue());
                    }
                }
            }
        }
    }

    /**
     * The job parameters as one {@code JobParameters} object holding every job type's fields, as the contract has
     * always shown them (a generated client keeps its one {@code JobParameters} class): the scanner sees the sealed
     * {@link JobParameters} as {@code anyOf} its records, whose properties are merged here in the order listed, the
     * records' own schemas dropped. Which fields a type reads is said in each field's description.
     */
    static void mergeJobParameters(Components components) {
        String name = JobParameters.class.getSimpleName();
        if (components == null || components.getSchemas() == null || !components.getSchemas().containsKey(name)
                || components.getSchemas().get(name).getAnyOf() == null) {
            return;
        }
        Schema sealed = components.getSchemas().get(name);
        Schema merged = OASFactory.createSchema().description(sealed.getDescription())
                .addType(Schema.SchemaType.OBJECT);
        for (Schema member : sealed.getAnyOf()) {
            String record = member.getRef().substring(member.getRef().lastIndexOf('/') + 1);
            components.getSchemas().get(record).getProperties().forEach(merged::addProperty);
            components.removeSchema(record);
        }
        components.addSchema(name, merged);
    }

    private static Schema text() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static void describeProblem(String code, APIResponse response) {
        response.setContent(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
        if (code.equals("409") || code.equals("429") || code.equals("503")) {
            response.addHeader(ApiContract.RETRY_AFTER,
                    OASFactory.createHeader().ref("#/components/headers/" + ApiContract.RETRY_AFTER));
        }
    }
}
