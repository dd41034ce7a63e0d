package dev.referral.sidecar.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.referral.sidecar.referral.KeyRule;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Bad keys and bad query values are the caller's 400 (or the router's 404), and Partnero never hears of them. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class ReferralsInputTest extends DashboardTestBase {

    @ParameterizedTest
    @ValueSource(strings = { "..%2Fcustomers%2Falice", "..%2F..%2Ftest", "a%2Fb", "a%5Cb", "%5C..%5Ctest", ".hidden",
            "..", "%2E%2E", "a%3Fb", "a%23b", "a%00b", "a%20b", "a%25b", "%E2%80%AEalice", "a;b",
            "alice;x=1", "alice%3Bx" })
    void aPathEscapeIsRefusedAndNeverSentUpstream(String rawKey) {
        stubCustomer("alice", ok(Fixtures.customer("alice")));

        given().urlEncodingEnabled(false).get("/referrals/" + rawKey)
                .then().statusCode(anyOf(is(400), is(404)));

        assertEquals(0, upstreamRequests(), "no request may reach Partnero for " + rawKey);
    }

    @ParameterizedTest
    @ValueSource(strings = { "a%5Cb", ".hidden", "a%3Fb", "alice;x" })
    void aBadKeyIsAValidationProblemNamingTheKey(String rawKey) {
        given().urlEncodingEnabled(false).get("/referrals/" + rawKey).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation"))
                .body("errors.field", contains("key"));
    }

    @Test
    void anEmptyLimitOrPageIsTheDefault() {
        stubCustomer("alice_8", ok(Fixtures.customer("alice_8")));

        given().urlEncodingEnabled(false).get("/referrals/alice_8?limit=&page=").then().statusCode(200);

        partnero.verify(getRequestedFor(urlPathEqualTo("/customers/alice_8/referrals"))
                .withQueryParam("limit", WireMock.equalTo("15")).withQueryParam("page", WireMock.equalTo("1")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "limit=0", "limit=251", "limit=abc", "limit=-1", "limit=1.5", "limit=%2B5",
            "limit=99999999999" })
    void aBadLimitIs400NamingIt(String query) {
        given().urlEncodingEnabled(false).get("/referrals/alice_9?" + query).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation"))
                .body("errors.field", contains("limit"));

        assertEquals(0, upstreamRequests());
    }

    @ParameterizedTest
    @ValueSource(strings = { "page=0", "page=abc", "page=-3", "page=1e3" })
    void aBadPageIs400NamingIt(String query) {
        given().urlEncodingEnabled(false).get("/referrals/alice_9?" + query).then().statusCode(400)
                .body("errors.field", contains("page"));
    }

    /** Checked by hand, not by Bean Validation (the hot path's CPU): the same messages as the constraints gave. */
    @Test
    void theProblemSaysWhatEachParameterMustBe() {
        given().urlEncodingEnabled(false).get("/referrals/.bad?limit=0&page=x").then().statusCode(400)
                .body("detail", equalTo("The request has 3 invalid field(s)"))
                .body("errors.field", contains("key", "limit", "page"))
                .body("errors.message", contains(KeyRule.MESSAGE, "must be a whole number from 1 to 250",
                        "must be a whole number of at least 1"));

        assertEquals(0, upstreamRequests());
    }

    /** Bean Validation's method interceptor would run on every cache hit again if a constraint came back here. */
    @Test
    void theDashboardChecksItsParametersWithoutMethodValidation() throws Exception {
        java.lang.reflect.Method view = ReferralsResource.class.getMethod("view", String.class, String.class,
                String.class);
        for (java.lang.annotation.Annotation[] annotations : view.getParameterAnnotations()) {
            for (java.lang.annotation.Annotation a : annotations) {
                assertFalse(a.annotationType().isAnnotationPresent(jakarta.validation.Constraint.class)
                        || a.annotationType().getPackageName().startsWith("jakarta.validation"), a.toString());
            }
        }
    }

    @Test
    void everyBadInputIsListed() {
        given().urlEncodingEnabled(false).get("/referrals/alice_9?limit=abc&page=0").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("limit", "page"));
        given().urlEncodingEnabled(false).get("/referrals/.bad?limit=abc").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("key", "limit"));
    }
}
