package dev.referral.sidecar.sandbox;

import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static dev.referral.sidecar.sandbox.SandboxApi.customer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SandboxControlTest {

    @BeforeEach
    void reset() {
        SandboxApi.reset();
    }

    @Test
    void requestLogRecordsEmulatorCallsOnly() {
        customer("alice", null);
        api().get("/customers/ghost").then().statusCode(404);
        given().basePath("/sandbox/v1").get("/test").then().statusCode(401);
        given().get("/sandbox/state").then().statusCode(200);
        given().get("/sandbox/requests").then().statusCode(200)
                .body("requests", hasSize(3))
                .body("requests[0].method", equalTo("POST"))
                .body("requests[0].path", equalTo("/sandbox/v1/customers"))
                .body("requests[0].status", equalTo(201))
                .body("requests[0].time", notNullValue())
                .body("requests[1].status", equalTo(404))
                .body("requests[2].status", equalTo(401));
    }

    @Test
    void resetClearsStateFaultsAndTheRequestLog() {
        customer("alice", null);
        api().body("{\"customer\":{\"key\":\"alice\"},\"amount\":5}").post("/transactions").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"error_status\":500,\"match\":{\"method\":\"DELETE\"}}")
                .post("/sandbox/faults").then().statusCode(200);
        given().post("/sandbox/reset").then().statusCode(204);
        given().get("/sandbox/state").then().body("customers", hasSize(0)).body("transactions", hasSize(0));
        given().get("/sandbox/faults").then().body("rules", hasSize(0));
        given().get("/sandbox/requests").then().body("requests", hasSize(0));
        // Counters start again, so ids are repeatable from one test to the next.
        api().body("{\"customer\":{\"key\":\"x\"},\"amount\":5}").post("/transactions").then().statusCode(422);
        customer("bob", null);
        api().body("{\"customer\":{\"key\":\"bob\"},\"amount\":5}").post("/transactions").then()
                .body("data.key", equalTo("tx_000001"));
    }

    @Test
    void stateShowsCustomersWithTheirKeys() {
        SandboxApi.createCustomer("{\"key\":\"k1\",\"id\":\"i1\"}").then().statusCode(201);
        given().get("/sandbox/state").then().statusCode(200)
                .body("customers[0].key", equalTo("k1"))
                .body("customers[0].id", equalTo("i1"))
                .body("customers[0].uid", equalTo("cus_000001"))
                .body("counters.cus", equalTo(1));
    }
}
