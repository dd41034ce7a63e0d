package dev.referral.sidecar.sandbox;

import static io.restassured.RestAssured.given;
import static io.restassured.config.EncoderConfig.encoderConfig;

import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Requests exactly as the official PHP SDK ({@code partnero/partnero-php} 1.0.23, {@code HttpLayer}) sends them:
 * Bearer key, {@code Accept} and {@code Content-Type: application/json}, its {@code User-Agent}, and a JSON body on
 * every call, {@code []} when the SDK passes no parameters (PHP's {@code json_encode([])}). Paths are sent as the
 * SDK builds them ({@code http_build_query} for the query, {@code :} left literal).
 */
final class PhpSdk {

    private PhpSdk() {
    }

    static Response call(String method, String path, String body) {
        return given().basePath("/sandbox/v1").urlEncodingEnabled(false)
                .config(RestAssured.config().encoderConfig(
                        encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("Authorization", "Bearer " + SandboxApi.KEY)
                .header("Accept", "application/json")
                .header("User-Agent", "partnero-php/v1")
                .header("Sdk-Version", "v1.0.23")
                .contentType("application/json")
                .body(body)
                .request(method, path);
    }
}
