package dev.referral.sidecar.partnero.contract;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The contract suite against the sandbox: the sidecar runs without an API key, so the same {@code PartneroClient}
 * talks over real HTTP to the emulator under {@code /sandbox/v1}, with production timeouts and error mapping.
 */
@QuarkusTest
class SandboxContractTest extends PartneroContract {

    @Override
    ContractTarget target() {
        return new Emulator();
    }

    /** The emulator's state and fault injection, through its control endpoints. */
    final class Emulator implements ContractTarget {

        @Override
        public void reset() {
            given().post("/sandbox/reset").then().statusCode(204);
        }

        @Override
        public void customerCanBeCreated(String key) {
            // Nothing to prepare: the emulator creates whatever is valid.
        }

        @Override
        public void customerExists(String key) {
            client.createCustomer(customer(key, null)).await().atMost(Duration.ofSeconds(15));
        }

        @Override
        public void referrerUnknown(String newKey, String referrer) {
            // An empty emulator knows no referrer.
        }

        @Override
        public void customerUnknown(String key) {
            // An empty emulator knows no customer.
        }

        @Override
        public void transactionCanBeRecorded(String buyer, String key) {
            customerExists(buyer);
        }

        @Override
        public void transactionUnknown(String key) {
            // An empty emulator knows no transaction.
        }

        @Override
        public void fail(String method, String pathPrefix, int status, int count) {
            faults(Map.of("match", Map.of("method", method, "path_prefix", "/v1" + pathPrefix),
                    "error_status", status, "count", count));
        }

        @Override
        public void throttle(String method, String pathPrefix, int seconds, int count) {
            faults(Map.of("match", Map.of("method", method, "path_prefix", "/v1" + pathPrefix),
                    "rate_limit", Map.of("status", 429, "retry_after_s", seconds), "count", count));
        }

        @Override
        public long requests(String method, String pathPrefix) {
            List<Map<String, Object>> log = given().get("/sandbox/requests").then().statusCode(200)
                    .extract().jsonPath().getList("requests");
            return log.stream().filter(r -> method.equals(r.get("method"))
                    && String.valueOf(r.get("path")).startsWith("/sandbox/v1" + pathPrefix)).count();
        }

        private void faults(Map<String, Object> rule) {
            given().contentType(ContentType.JSON).body(rule).post("/sandbox/faults").then().statusCode(200);
        }
    }

}
