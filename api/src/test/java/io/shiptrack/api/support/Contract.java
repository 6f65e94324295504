package io.shiptrack.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.shiptrack.localstack.ApiProcess;

/**
 * Every request an API test sends to {@code /api/...}, and every response it gets, is checked against the OpenAPI
 * document the application under test serves at {@code /q/openapi}, by Atlassian's swagger-request-validator: a
 * disagreement fails the test with the validator's report. Test classes opt in with
 * {@code @ExtendWith(Contract.class)}, which installs the check as a global RestAssured filter.
 * <p>
 * A request that a test sends wrong on purpose (a malformed tracking number, no token, a missing field) is not a
 * request of the contract: the test marks it with {@code given().filter(Contract.BAD_REQUEST)}, and then only the
 * response is checked (the validator's request messages are ignored). The operations endpoints under {@code /q/} and
 * the benchmark endpoint are not part of the contract and are not checked.
 */
public final class Contract implements BeforeAllCallback {

    /** Marks a request that is wrong on purpose: its answer is checked, the request itself is not. */
    public static final Filter BAD_REQUEST = (request, response, context) -> context.next(request, response);

    private static final Filter CHECK = new Check();
    private static volatile Validators validators;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!RestAssured.filters().contains(CHECK)) {
            RestAssured.filters(CHECK);
        }
    }

    /**
     * The document the running application serves, as JSON. The packaged application of the *IT suites serves none
     * under the test profile (its OpenAPI is on the management interface, which only the prod profile turns on):
     * there, the document is the one this build's own application served to {@code ContractTest}, which leaves it in
     * {@code target/openapi/served.json}, provided the application was not compiled again since. Anything else fails
     * the test: the committed baseline never stands in for it, as comparing the baseline with itself checks nothing.
     */
    public static String servedDocument() {
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        HttpResponse<String> response = openApi(base);
        if (response.statusCode() == 404) {
            return servedToThisBuild(base);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /q/openapi answered " + response.statusCode());
        }
        return response.body();
    }

    /** Where ContractTest leaves the document the application served it. */
    private static final Path SERVED = Path.of("target/openapi/served.json");
    private static final Path CLASSES = Path.of("target/classes");

    private static String servedToThisBuild(String base) {
        try {
            if (!Files.isReadable(SERVED)) {
                throw new IllegalStateException("GET " + base + "/q/openapi answered 404 and " + SERVED.toAbsolutePath()
                        + " is missing: run ContractTest in the same build first; the served document is missing");
            }
            FileTime served = Files.getLastModifiedTime(SERVED);
            try (Stream<Path> classes = Files.walk(CLASSES)) {
                Optional<Path> newer = classes.filter(file -> file.toString().endsWith(".class")).filter(file -> {
                    try {
                        return Files.getLastModifiedTime(file).compareTo(served) > 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).findAny();
                if (newer.isPresent()) {
                    throw new IllegalStateException(SERVED.toAbsolutePath() + " is older than " + newer.get()
                            + ": the application changed since ContractTest saw what it serves");
                }
            }
            return Files.readString(SERVED);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read " + SERVED.toAbsolutePath(), e);
        }
    }

    private static HttpResponse<String> openApi(String base) {
        try {
            return ApiProcess.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /q/openapi from " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The two validators over one document: everything, and responses only. */
    public record Validators(OpenApiValidationFilter full, OpenApiValidationFilter responsesOnly) {

        public static Validators of(String document) {
            return new Validators(
                    new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(document)
                            .build()),
                    new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(document)
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.request", ValidationReport.Level.IGNORE).build())
                            .build()));
        }
    }

    private static Validators validators() {
        Validators current = validators;
        if (current == null) {
            synchronized (Contract.class) {
                current = validators;
                if (current == null) {
                    current = Validators.of(servedDocument());
                    validators = current;
                }
            }
        }
        return current;
    }

    private static final class Check implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            String uri = request.getURI();
            int hostStart = uri.indexOf("//");
            int pathStart = uri.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
            if (pathStart < 0 || !uri.startsWith("/api/", pathStart)) {
                return context.next(request, response);
            }
            // RestAssured adds the bearer header of auth().oauth2(...) after the filters have run, so the validator
            // would see no credentials: send the same header as a plain header instead, before the check.
            if (request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme oauth2) {
                String token = oauth2.getAccessToken();
                request.auth().none();
                request.header("Authorization", "Bearer " + token);
            }
            Validators check = validators();
            return (request.getDefinedFilters().contains(BAD_REQUEST) ? check.responsesOnly() : check.full())
                    .filter(request, response, context);
        }
    }
}
