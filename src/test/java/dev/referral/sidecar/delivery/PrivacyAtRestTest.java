package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.partnero.Customer;
import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** No personal data at rest beyond need: read the SQLite file and its WAL byte by byte. */
@QuarkusTest
class PrivacyAtRestTest extends StubbedPartneroTest {

    @Inject
    PersonalData personalData;

    @Inject
    Store store;

    @Test
    void aDeliveredSignupLeavesNoEmailInTheStoreFileOrItsWalAfterOneCheckpoint() throws IOException {
        String key = TestKeys.next("private");
        String email = key + "-secret@example.com";
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(key, null));
        signup(key, email).then().statusCode(201).body("status", equalTo("delivered"));
        // The delivered mark, which forgets the payload, is not awaited by the answer: it may linger a few ms.
        await().atMost(5, SECONDS).until(() -> "{}".equals(payload(key)));
        personalData.checkpoint();
        assertNotInFiles(email);
    }

    @Test
    void oneCustomersPersonalDataIsErasedOnRequestAndItsQueuedSignupNeverSent() throws IOException {
        String key = TestKeys.next("erase");
        String email = key + "-secret@example.com";
        when(partnero.createCustomer(any())).thenReturn(Upstream.down());
        signup(key, email).then().statusCode(202);
        given().delete("/admin/customers/" + key + "/personal-data").then().statusCode(200)
                .body("customer_key", equalTo(key)).body("erased_rows", equalTo(1));
        assertEquals("DISCARDED", rows.state("SIGNUP", key));
        assertEquals("{}", payload(key));
        assertNotInFiles(email);
        given().delete("/admin/customers/.bad/personal-data").then().statusCode(400);
    }

    /**
     * Erased while Partnero is still answering the sign-up: the row is discarded with an empty payload at once. When
     * the attempt then ends rejected, the row must not become a dead letter, whose retry would send that empty
     * payload; when it ends created, the row says delivered, which is where the data now is.
     */
    @Test
    void aSignupErasedWhileInFlightIsNeverRevivedAsADeadLetter() {
        String key = TestKeys.next("erase-inflight");
        CompletableFuture<Customer> answer = signupOut(key);
        given().delete("/admin/customers/" + key + "/personal-data").then().statusCode(200)
                .body("erased_rows", equalTo(1));
        answer.completeExceptionally(new PartneroRejected(422, "The email must be a valid email address.",
                Map.of("email", List.of("The email must be a valid email address."))));
        await().atMost(10, SECONDS).until(() -> rows.row("SIGNUP", key).orElseThrow().deadReason() != null);
        assertEquals("DISCARDED", rows.state("SIGNUP", key));
        assertEquals("{}", payload(key));
        long id = rows.row("SIGNUP", key).orElseThrow().id();
        given().post("/admin/dead-letters/" + id + "/retry").then().statusCode(409);
        assertEquals("DISCARDED", rows.state("SIGNUP", key));
    }

    @Test
    void aSignupErasedWhileInFlightAndThenCreatedIsRecordedDelivered() {
        String key = TestKeys.next("erase-created");
        CompletableFuture<Customer> answer = signupOut(key);
        given().delete("/admin/customers/" + key + "/personal-data").then().statusCode(200);
        answer.complete(Upstream.customer(key, null).await().indefinitely());
        await().atMost(10, SECONDS).until(() -> "DELIVERED".equals(rows.state("SIGNUP", key)));
        assertEquals("{}", payload(key));
    }

    /** A sign-up of {@code key} whose create call is out: Partnero's answer is held until the test completes it. */
    private CompletableFuture<Customer> signupOut(String key) {
        CompletableFuture<Customer> answer = new CompletableFuture<>();
        when(partnero.createCustomer(any())).thenReturn(Uni.createFrom().completionStage(answer));
        signup(key, key + "-secret@example.com", "respond-async").then().statusCode(202);
        verify(partnero, timeout(10_000)).createCustomer(any());
        return answer;
    }

    private static io.restassured.response.Response signup(String key, String email) {
        return signup(key, email, null);
    }

    private static io.restassured.response.Response signup(String key, String email, String prefer) {
        var request = given().contentType(ContentType.JSON);
        if (prefer != null) {
            request = request.header("Prefer", prefer);
        }
        return request
                .body(Map.of("key", key, "email", email, "name", "Private", "surname", "Person",
                        "metadata", Map.of("date_of_birth", "1990-01-01")))
                .post("/signup-hook");
    }

    private String payload(String key) {
        return store.read(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT payload FROM outbox WHERE operation = 'SIGNUP' AND dedupe_key = ?")) {
                ps.setString(1, key);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static void assertNotInFiles(String email) throws IOException {
        String url = ConfigProvider.getConfig().getValue("sidecar.store.url", String.class);
        Path file = Path.of(url.substring("jdbc:sqlite:".length()).split("\\?")[0]);
        byte[] needle = email.getBytes(StandardCharsets.UTF_8);
        for (Path part : new Path[] {file, Path.of(file + "-wal")}) {
            if (Files.exists(part)) {
                assertFalse(contains(Files.readAllBytes(part), needle), part + " still holds the email");
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
