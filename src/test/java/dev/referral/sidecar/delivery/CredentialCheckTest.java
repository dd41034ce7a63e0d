package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.ManagementPort;
import dev.referral.sidecar.support.RefusingPartnero;
import dev.referral.sidecar.support.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** A wrong API key is noticed at start-up: writes pause and queue, readiness stays UP, the metric says why. */
@QuarkusTest
@WithTestResource(RefusingPartnero.class)
class CredentialCheckTest {

    @Inject
    WriteGate gate;

    @Test
    void aRefusedKeyPausesWritesFromTheStartWithoutTakingThePodOutOfService() {
        await().atMost(10, SECONDS).until(() -> !gate.open());
        int management = ManagementPort.get();
        given().port(management).get("/q/metrics").then().body(containsString("sidecar_partnero_key_refused 1.0"));
        given().port(management).get("/q/health/ready").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"customer_key\":\"c1\",\"key\":\"" + TestKeys.next("inv") + "\",\"amount\":5}")
                .post("/purchase-hook").then().statusCode(202).body("transactions[0].status", equalTo("queued"));
    }
}
