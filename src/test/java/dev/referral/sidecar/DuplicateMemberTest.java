package dev.referral.sidecar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.referral.sidecar.support.StubbedPartneroTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** A member name given twice is a 400 validation problem on every JSON endpoint, with or without Content-Type. */
@QuarkusTest
class DuplicateMemberTest extends StubbedPartneroTest {

    static Stream<Arguments> duplicates() {
        return Stream.of(
                Arguments.of("key", "/refund-hook", "{\"key\": \"a\", \"key\": \"b\"}"),
                Arguments.of("key", "/signup-hook",
                        "{\"key\": \"dup_1\", \"email\": \"a@example.com\", \"key\": \"dup_2\"}"),
                Arguments.of("metadata.date_of_birth", "/signup-hook",
                        "{\"key\": \"dup_3\", \"metadata\": {\"date_of_birth\": \"1990-01-01\","
                        + " \"date_of_birth\": \"1991-01-01\"}}"),
                Arguments.of("amount", "/purchase-hook", "{\"customer_key\": \"c_1\", \"key\": \"t_1\", \"amount\": 1,"
                        + " \"amount\": 2}"),
                Arguments.of("transactions[0].key", "/purchase-hook",
                        "{\"customer_key\": \"c_1\", \"transactions\": [{\"key\": \"t_2\","
                        + " \"amount\": 1, \"key\": \"t_3\"}]}"),
                Arguments.of("amount", "/referrals/alice_1/credit", "{\"amount\": 1, \"amount_units\": \"usd\","
                        + " \"is_currency\": true, \"idempotency_key\": \"i_1\", \"amount\": 5}"));
    }

    @ParameterizedTest
    @MethodSource("duplicates")
    void withJsonContentType(String field, String path, String body) {
        expectValidationProblem(given().contentType("application/json"), field, path, body);
    }

    @ParameterizedTest
    @MethodSource("duplicates")
    void withoutContentType(String field, String path, String body) {
        expectValidationProblem(given().noContentType(), field, path, body);
    }

    private void expectValidationProblem(RequestSpecification request, String field, String path, String body) {
        request.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(path).then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("/problems/validation"))
                .body("errors[0].field", equalTo(field)).body("errors[0].message", equalTo("is given more than once"));
        verifyNoInteractions(partnero);
    }
}
