package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A backlog drains at Partnero's pace: one dispatcher run keeps passing while its passes deliver, instead of one
 * batch per poll interval (after an outage, a breaker probed one row per second, and a soak's backlog of 1,300
 * purchases took over ten minutes to drain), and it goes on past its poll interval: a run that stopped there left the
 * backlog waiting for the tick after next.
 */
@QuarkusTest
@TestProfile(BacklogDrainTest.SmallBatches.class)
class BacklogDrainTest extends StubbedPartneroTest {

    /**
     * Two rows per pass and a short poll interval; the test pauses the scheduled passes and runs its own. No
     * background attempts: every {@code respond-async} write is left to the dispatcher, a backlog.
     */
    public static final class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidecar.delivery.batch-size", "2", "sidecar.delivery.poll-interval", "100ms",
                    "sidecar.hook.async-attempts", "0");
        }
    }

    @Inject
    Dispatcher dispatcher;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void onlyTheTestsOwnRun() {
        scheduler.pause(Dispatcher.IDENTITY);
    }

    @AfterEach
    void scheduledRunsAgain() {
        scheduler.resume(Dispatcher.IDENTITY);
    }

    @Test
    void oneRunDeliversTheWholeBacklogPassAfterPassPastItsPollInterval() {
        // Each write takes 50 ms upstream: six passes of two rows take at least 300 ms, three poll intervals.
        when(partnero.createTransaction(any())).thenAnswer(call -> Upstream.transaction("x")
                .onItem().delayIt().by(Duration.ofMillis(50)));
        int backlog = 12;
        for (int i = 0; i < backlog; i++) {
            given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                    .body("{\"customer_key\":\"" + TestKeys.next("drain") + "\",\"key\":\"" + TestKeys.next("inv")
                            + "\",\"amount\":10}")
                    .post("/purchase-hook").then().statusCode(202);
        }
        assertEquals(backlog, rows.count("state = 'PENDING'"));

        dispatcher.dispatch();

        assertEquals(backlog, rows.count("state = 'DELIVERED'"), "six passes of two rows in one run");
    }
}
