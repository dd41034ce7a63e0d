package dev.referral.sidecar.sandbox;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls to the emulator as the sidecar's Partnero client makes them: Bearer key, JSON in and out. */
final class SandboxApi {

    static final String KEY = "sandbox";

    private SandboxApi() {
    }

    static RequestSpecification api() {
        return given().basePath("/sandbox/v1").header("Authorization", "Bearer " + KEY)
                .accept(ContentType.JSON).contentType(ContentType.JSON);
    }

    static void reset() {
        given().post("/sandbox/reset").then().statusCode(204);
    }

    static Response createCustomer(String body) {
        return api().body(body).post("/customers");
    }

    /** Creates a customer with a key and email at example.com, referred by {@code referrer} when not null. */
    static void customer(String key, String referrer) {
        String referring = referrer == null ? "" : ",\"referring_customer\":{\"key\":\"" + referrer + "\"}";
        createCustomer("{\"key\":\"" + key + "\",\"email\":\"" + key + "@example.com\",\"name\":\"" + key + "\""
                + referring + "}").then().statusCode(201);
    }

    static Response sale(String buyer, String key, String amount) {
        return api().body("{\"customer\":{\"key\":\"" + buyer + "\"},\"key\":\"" + key + "\",\"amount\":" + amount
                + ",\"action\":\"sale\"}").post("/transactions");
    }
}
