package dev.referral.sidecar;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The committed OpenAPI document (openapi/referral-sidecar.yaml) is exactly what the sidecar serves at /q/openapi.
 * After changing an endpoint or META-INF/openapi.yaml, regenerate it with
 * {@code ./mvnw -B test -Dtest=OpenApiDocumentTest -Dopenapi.update=true} and commit it.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("openapi", "referral-sidecar.yaml");

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = given().port(ManagementPort.get()).get("/q/openapi").then().statusCode(200)
                .extract().asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        assertEquals(committed, served, COMMITTED + " differs from the served /q/openapi: regenerate it with "
                + "./mvnw -B test -Dtest=OpenApiDocumentTest -Dopenapi.update=true and commit it");
    }
}
