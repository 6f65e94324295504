package io.shiptrack.api;

import static io.restassured.RestAssured.given;
import static io.shiptrack.api.BadInputTest.expectProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shiptrack.api.support.Contract;
import io.shiptrack.api.support.Fixtures;
import io.shiptrack.api.support.TestStack;
import io.shiptrack.api.support.Tokens;

/**
 * The token corpus of docs/api.md ("Who may do what"): every broken token is 401 and writes nothing, every valid
 * token without the role is 403, another member's data is 404 (cross-carrier writes: {@link TenancyTest}).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@ExtendWith(Contract.class)
class IdentityTest {

    @Test
    void noTokenIs401() {
        String tn = Fixtures.trackingNumber();
        expectProblem(put(tn, null), 401).header("WWW-Authenticate", "Bearer");
        expectProblem(given().filter(Contract.BAD_REQUEST).get("/api/v1/me/shipments"), 401);
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    /** Tokens that must not authenticate anyone, each offered as a carrier's shipment registration. */
    static Stream<Arguments> rejectedTokens() {
        String carrier = "carrier-corpus";
        return Stream.of(
                Arguments.of("expired", Tokens.expired(carrier)),
                Arguments.of("not yet valid (nbf)", Tokens.notYetValid(carrier)),
                Arguments.of("wrong issuer", Tokens.wrongIssuer(carrier)),
                Arguments.of("wrong audience", Tokens.wrongAudience(carrier)),
                Arguments.of("no audience", Tokens.noAudience(carrier)),
                Arguments.of("alg none", Tokens.unsigned()),
                Arguments.of("HS256 with the public key as secret", Tokens.hs256WithPublicKeyAsSecret(carrier)),
                Arguments.of("a key not trusted", Tokens.signedByAnotherKey(carrier)),
                Arguments.of("garbage", "not.a.token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void brokenTokensAre401AndWriteNothing(String name, String token) {
        String tn = Fixtures.trackingNumber();
        expectProblem(put(tn, token), 401).header("WWW-Authenticate", "Bearer");
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    /** Valid tokens that carry no role this API reads: authenticated, allowed nothing. */
    static Stream<Arguments> roleless() {
        return Stream.of(
                Arguments.of("roles missing", Tokens.noRoles("carrier-corpus")),
                Arguments.of("roles in unexpected claims (role, scp)",
                        Tokens.rolesInUnexpectedClaims("carrier-corpus")),
                Arguments.of("a member's role", Tokens.member("m1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleless")
    void validTokensWithoutTheRoleAre403AndWriteNothing(String name, String token) {
        String tn = Fixtures.trackingNumber();
        expectProblem(put(tn, token), 403);
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    @Test
    void theSameCarrierTokenWithTheRightAudienceWrites() {
        // The control for the corpus: what the broken tokens lack is all that keeps them out.
        put(Fixtures.trackingNumber(), Tokens.carrier("carrier-corpus")).then().statusCode(201);
    }

    @Test
    void expiredTokenIs401() {
        expectProblem(given().auth().oauth2(Tokens.expired("m1")).get("/api/v1/me/shipments"), 401);
    }

    @Test
    void tokenSignedByAnotherKeyIs401() {
        expectProblem(given().auth().oauth2(Tokens.signedByAnotherKey("m1")).get("/api/v1/me/shipments"), 401);
    }

    @Test
    void unsignedAlgNoneTokenIs401AndWritesNothing() {
        String tn = Fixtures.trackingNumber();
        expectProblem(put(tn, Tokens.unsigned()), 401);
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    @Test
    void garbageTokenIs401() {
        expectProblem(given().auth().oauth2("not.a.token").get("/api/v1/me/shipments"), 401);
    }

    @Test
    void wrongRoleIs403() {
        String tn = Fixtures.trackingNumber();
        expectProblem(put(tn, Tokens.member("m1")), 403);
        expectProblem(given().auth().oauth2(Tokens.carrier()).get("/api/v1/me/shipments"), 403);
        assertEquals(0, ShipmentApiTest.rows(tn));
    }

    @Test
    void aMemberSeesOnlyItsOwnShipments() {
        String alice = "alice-" + Fixtures.trackingNumber().toLowerCase();
        String bob = "bob-" + Fixtures.trackingNumber().toLowerCase();
        String alices = Fixtures.registeredShipment(alice);
        given().auth().oauth2(Tokens.member(bob)).get("/api/v1/me/shipments").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().auth().oauth2(Tokens.member(alice)).get("/api/v1/me/shipments").then().statusCode(200)
                .body("items[0].trackingNumber", equalTo(alices));
        // The public lookup never reveals whose shipment it is.
        given().get("/api/v1/shipments/{tn}", alices).then().statusCode(200)
                .body("memberId", nullValue());
    }

    private static Response put(String tn, String token) {
        var request = given().contentType(ContentType.JSON).body(Fixtures.shipmentJson(null));
        if (token == null) {
            // No token at all breaks the document's security requirement on purpose: only the answer is checked.
            request = request.filter(Contract.BAD_REQUEST);
        } else {
            request = request.auth().oauth2(token);
        }
        return request.put("/api/v1/shipments/{tn}", tn);
    }
}
