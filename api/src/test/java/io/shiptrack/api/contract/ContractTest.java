package io.shiptrack.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.TestStack;

/**
 * The committed contract, docs/openapi.json, is what the application serves (the generated test client is built from
 * it), and the served document makes no backward-incompatible change to it, as openapi-diff judges. A breaking change
 * is made on purpose by updating docs/openapi.json and naming the change in docs/api.md.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class ContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Path baselineFile() {
        return Path.of(System.getProperty("localstack.root", "..")).resolve("docs/openapi.json");
    }

    static String baseline() throws IOException {
        return Files.readString(baselineFile());
    }

    @Test
    void servedDocumentMakesNoBackwardIncompatibleChange() throws IOException {
        ChangedOpenApi diff = OpenApiCompare.fromContents(baseline(), Contract.servedDocument());
        if (diff.isIncompatible()) {
            fail("/q/openapi breaks the contract in docs/openapi.json for existing clients:\n" + render(diff)
                    + "\nIf this is on purpose: copy api/target/openapi/served.json over docs/openapi.json and name the "
                    + "change under \"Breaking changes\" in docs/api.md.");
        }
    }

    @Test
    void committedBaselineIsTheServedDocument() throws IOException {
        String served = Contract.servedDocument();
        JsonNode servedTree = JSON.readTree(served);
        // Always left there, in the committed file's format, for a deliberate update of the baseline.
        Path copy = Path.of("target/openapi/served.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, JSON.writeValueAsString(servedTree) + "\n");
        if (!servedTree.equals(JSON.readTree(baseline()))) {
            ChangedOpenApi diff = OpenApiCompare.fromContents(baseline(), served);
            fail("docs/openapi.json is not what /q/openapi serves (" + (diff.isIncompatible()
                    ? "INCOMPATIBLE"
                    : "compatible") + " change); the served document is in " + copy.toAbsolutePath()
                    + ":\n" + render(diff));
        }
    }

    /** The check itself: removing an operation or a property is flagged, adding one is not. */
    @Test
    void theDiffFlagsBreakingChangesAndAcceptsAdditions() throws IOException {
        String baseline = baseline();
        ObjectNode removedEndpoint = (ObjectNode) JSON.readTree(baseline);
        ((ObjectNode) removedEndpoint.get("paths")).remove("/api/v1/me/stats");
        assertTrue(OpenApiCompare.fromContents(baseline, JSON.writeValueAsString(removedEndpoint)).isIncompatible());

        ObjectNode removedProperty = (ObjectNode) JSON.readTree(baseline);
        ObjectNode view = (ObjectNode) removedProperty.at("/components/schemas/ShipmentView");
        ((ObjectNode) view.get("properties")).remove("deliveredAt");
        assertTrue(OpenApiCompare.fromContents(baseline, JSON.writeValueAsString(removedProperty)).isIncompatible(),
                "a response property clients read is gone");

        ObjectNode added = (ObjectNode) JSON.readTree(baseline);
        ((ObjectNode) added.at("/components/schemas/ShipmentView/properties")).putObject("eta").put("type", "string");
        ChangedOpenApi addition = OpenApiCompare.fromContents(baseline, JSON.writeValueAsString(added));
        assertFalse(addition.isIncompatible(), render(addition));
        assertTrue(addition.isDifferent());
        assertEquals(false, OpenApiCompare.fromContents(baseline, baseline).isDifferent());
    }

    private static String render(ChangedOpenApi diff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
