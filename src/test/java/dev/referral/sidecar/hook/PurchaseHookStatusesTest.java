package dev.referral.sidecar.hook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.ProblemType;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.outbox.StoreException;
import dev.referral.sidecar.support.ManagementPort;
import dev.referral.sidecar.support.SecuredProfile;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Every status the OpenAPI document lists for POST /purchase-hook is one the hook really answers. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class PurchaseHookStatusesTest extends StubbedPartneroTest {

    @InjectSpy
    Delivery delivery;

    @Test
    void everyDocumentedStatusOfThePurchaseHookIsReachable() {
        Set<Integer> reached = new TreeSet<>();
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        reached.add(purchase(authorized(), key, 100).statusCode());               // 201 delivered
        reached.add(purchase(authorized(), key, 100).statusCode());               // 200 duplicate
        reached.add(purchase(authorized(), key, 90).statusCode());                // 409 key reused
        reached.add(purchase(authorized(), TestKeys.next("inv"), 0).statusCode()); // 400 invalid
        reached.add(purchase(given().contentType(ContentType.JSON), key, 100).statusCode()); // 401 no token
        reached.add(authorized().contentType(ContentType.TEXT).body("x").post("/purchase-hook").statusCode()); // 415
        reached.add(authorized().contentType(ContentType.JSON).body("{\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .post("/purchase-hook").statusCode());                           // 413
        when(partnero.createTransaction(any())).thenReturn(Upstream.down());
        reached.add(purchase(authorized(), TestKeys.next("inv"), 5).statusCode()); // 202 queued
        when(partnero.createTransaction(any())).thenReturn(Upstream.rejected(422, "amount", "bad"));
        reached.add(purchase(authorized(), TestKeys.next("inv"), 5).statusCode()); // 422 rejected
        StoreException storeDown = mock(StoreException.class);
        when(storeDown.problem()).thenReturn(Problem.of(ProblemType.UNAVAILABLE, "Store unavailable", null));
        when(storeDown.retryAfter()).thenReturn(Optional.of(Duration.ofSeconds(5)));
        doReturn(CompletableFuture.failedFuture(storeDown)).when(delivery).submitAsync(any(), anyBoolean());
        reached.add(purchase(authorized(), TestKeys.next("inv"), 5).statusCode()); // 503 store failed

        Map<String, Object> responses = given().port(ManagementPort.get()).accept(ContentType.JSON)
                .get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath()
                .getMap("paths.'/purchase-hook'.post.responses");
        Set<Integer> documented = new TreeSet<>();
        responses.keySet().forEach(status -> documented.add(Integer.parseInt(status)));
        assertEquals(documented, reached);
    }

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + SecuredProfile.TOKEN);
    }

    /** Each key has a customer of its own, so no scenario queues behind another one's row. */
    private static Response purchase(RequestSpecification request, String key, int amount) {
        return request.contentType(ContentType.JSON)
                .body(Map.of("customer_key", "buyer_" + key, "key", key, "amount", amount)).post("/purchase-hook");
    }
}
