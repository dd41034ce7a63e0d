package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.Customer;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** Partnero's id of a customer created here leads back to its key (webhook events name customers by that id). */
@QuarkusTest
class PartneroIdLookupTest extends StubbedPartneroTest {

    @Inject
    Delivery delivery;

    @Test
    void aCreatedCustomersPartneroIdLeadsToItsKey() {
        String key = TestKeys.next("idmap");
        String id = "cus_" + key;
        when(partnero.createCustomer(any())).thenReturn(Uni.createFrom().item(new Customer(id, key + "@example.com",
                "Name", null, "active", null, 0, "http://localhost:3000/?ref=" + key,
                List.of("http://localhost:3000/?ref=" + key), null)));
        given().contentType(ContentType.JSON).body(Map.of("key", key, "email", key + "@example.com"))
                .post("/signup-hook").then().statusCode(201);
        await().atMost(10, SECONDS).until(() -> rows.customerRecorded(key));
        assertEquals(Optional.of(new CustomerKey(key)), delivery.customerKnownUpstreamAs(id));
        assertEquals(Optional.empty(), delivery.customerKnownUpstreamAs("cus_nobody"));
    }
}
