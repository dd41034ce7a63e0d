package dev.referral.sidecar.sandbox;

import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static dev.referral.sidecar.sandbox.SandboxApi.customer;
import static dev.referral.sidecar.sandbox.SandboxApi.sale;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SandboxFaultsTest {

    @TestHTTPResource("/sandbox/v1")
    URI api;

    @BeforeEach
    void reset() {
        SandboxApi.reset();
    }

    @Test
    void latencyDelaysTheAnswerAtLeastThatLong() {
        faults("{\"latency_ms\":400}");
        long started = System.nanoTime();
        api().get("/test").then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started), greaterThanOrEqualTo(Duration.ofMillis(400)));
    }

    @Test
    void errorStatusWithCountFailsThatManyRequestsAndAppliesNothing() {
        faults("{\"error_status\":500,\"count\":3}");
        for (int i = 0; i < 3; i++) {
            SandboxApi.createCustomer("{\"key\":\"k" + i + "\"}").then().statusCode(500)
                    .contentType(ContentType.JSON).body("message", equalTo("Server Error"));
        }
        given().get("/sandbox/faults").then().body("rules[0].remaining", equalTo(0));
        given().get("/sandbox/state").then().body("customers", hasSize(0));
        SandboxApi.createCustomer("{\"key\":\"k3\"}").then().statusCode(201);
    }

    @Test
    void rateLimitAnswers429WithRetryAfterInSeconds() {
        faults("{\"rate_limit\":{\"status\":429,\"retry_after_s\":2},\"count\":2}");
        for (int i = 0; i < 2; i++) {
            api().get("/test").then().statusCode(429).header("Retry-After", "2");
        }
        api().get("/test").then().statusCode(200);
    }

    @Test
    void rateLimitCanGiveRetryAfterAsAnHttpDate() {
        faults("{\"rate_limit\":{\"retry_after_s\":30,\"retry_after_format\":\"http-date\"}}");
        Instant before = Instant.now().minusSeconds(1);
        String header = api().get("/test").then().statusCode(429).extract().header("Retry-After");
        Instant date = ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertTrue(header.endsWith(" GMT"), header);
        assertThat(date, greaterThanOrEqualTo(before.plusSeconds(29)));
        faults("{\"rate_limit\":{\"retry_after_s\":30,\"retry_after_format\":\"none\"}}");
        api().get("/test").then().statusCode(429).header("Retry-After", nullValue());
    }

    @Test
    void htmlErrorBodyLooksLikeAProxyPage() {
        faults("{\"error_status\":503,\"error_body\":\"html\"}");
        api().get("/test").then().statusCode(503).contentType(startsWith("text/html"))
                .body(containsString("<html>"));
        faults("{\"error_status\":502,\"error_body\":\"auto\"}");
        api().get("/test").then().statusCode(502).contentType(startsWith("text/html"));
    }

    @Test
    void matchLimitsARuleToMethodAndPathPrefix() {
        customer("alice", null);
        faults("{\"match\":{\"method\":\"POST\",\"path_prefix\":\"/v1/transactions\"},\"error_status\":500}");
        api().get("/customers/alice").then().statusCode(200);
        sale("alice", "t1", "10").then().statusCode(500);
        given().get("/sandbox/state").then().statusCode(200);
    }

    @Test
    void hangNeverAnswersUntilTheFaultsAreCleared() {
        faults("{\"hang\":true}");
        CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(api + "/test")).header("Authorization", "Bearer x").build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(5, SECONDS).until(() -> given().get("/sandbox/faults").path("hanging").equals(1));
        assertFalse(pending.isDone());
        given().delete("/sandbox/faults").then().statusCode(204);
        await().atMost(5, SECONDS).until(pending::isDone);
        assertTrue(cause(pending) instanceof IOException, String.valueOf(cause(pending)));
        given().get("/sandbox/requests").then().body("requests[0].status", nullValue())
                .body("requests[0].path", equalTo("/sandbox/v1/test"));
    }

    @Test
    void afterCommitDropLosesTheAnswerButKeepsTheChange() {
        customer("alice", null);
        faults("{\"match\":{\"method\":\"POST\",\"path_prefix\":\"/v1/transactions\"},"
                + "\"after_commit\":{\"drop\":true},\"count\":1}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/transactions"))
                .header("Authorization", "Bearer x").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customer\":{\"key\":\"alice\"},\"key\":\"lost\",\"amount\":10,\"action\":\"sale\"}"))
                .build();
        assertThrows(IOException.class,
                () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()));
        api().get("/transactions/lost").then().statusCode(200).body("data.key", equalTo("lost"));
    }

    @Test
    void afterCommitStatusAndDelayAnswerLateWithAnErrorAfterApplying() {
        faults("{\"after_commit\":{\"status\":504,\"delay_ms\":300},\"error_body\":\"auto\",\"count\":1}");
        long started = System.nanoTime();
        SandboxApi.createCustomer("{\"key\":\"late\"}").then().statusCode(504).contentType(startsWith("text/html"));
        assertThat(Duration.ofNanos(System.nanoTime() - started), greaterThanOrEqualTo(Duration.ofMillis(300)));
        api().get("/customers/late").then().statusCode(200);
    }

    @Test
    void errorRateIsRepeatableWithTheSameSeed() {
        String rule = "{\"seed\":7,\"rules\":[{\"error_status\":500,\"error_rate\":0.5}]}";
        faults(rule);
        List<Integer> first = statuses(20);
        faults(rule);
        List<Integer> second = statuses(20);
        assertEquals(first, second);
        assertThat(first, hasItems(200, 500));
    }

    @Test
    void invalidFaultBodyIs400ProblemAndKeepsTheOldSet() {
        faults("{\"error_status\":500,\"count\":2}");
        given().contentType(ContentType.JSON).body("{\"latency\":5,\"error_rate\":2}").post("/sandbox/faults")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("latency", "error_rate"));
        given().get("/sandbox/faults").then().body("rules", hasSize(1))
                .body("rules[0].error_status", equalTo(500)).body("rules[0].remaining", equalTo(2));
    }

    @Test
    void controlEndpointsAreNeverFaulted() {
        faults("{\"error_status\":500}");
        given().get("/sandbox/state").then().statusCode(200);
        given().get("/sandbox/requests").then().statusCode(200);
    }

    private static void faults(String body) {
        given().contentType(ContentType.JSON).body(body).post("/sandbox/faults").then().statusCode(200);
    }

    private static List<Integer> statuses(int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(api().get("/test").statusCode());
        }
        return statuses;
    }

    static Throwable cause(CompletableFuture<?> future) {
        try {
            future.get();
            return null;
        } catch (InterruptedException | ExecutionException e) {
            return e.getCause();
        }
    }
}
