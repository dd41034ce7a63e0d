package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.support.ReflectionRegistration;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The emulator's state file is written and read only through the ObjectMapper: the snapshot and every record in it
 * round-trip and are registered for reflection, so a native executable can save and load it.
 */
@QuarkusTest
class SnapshotReflectionTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theStateSnapshotRoundTripsAndEveryTypeInItIsRegistered() throws JsonProcessingException {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        SandboxReward reward = new SandboxReward("rw_1", "sale", new BigDecimal("1.50"), "usd", at, null);
        StateSnapshot snapshot = new StateSnapshot(Map.of("cus", 1L),
                List.of(new SandboxCustomer("u1", "cus_000001", "c1", "ann@example.com", "Ann", "Lee",
                        JsonNodeFactory.instance.objectNode().put("plan", "gold"), JsonNodeFactory.instance.objectNode(),
                        null, false, at, at)),
                List.of(new SandboxTransaction("tx1", "t1", "sale", new BigDecimal("15.00"), "usd", "u1", "cus_000001",
                        null, null, reward, false, at, null)),
                List.of(new SandboxCredit("u1", new BigDecimal("2"), "usd", true, at)),
                List.of(new SandboxWebhook("wh_1", "app", "http://localhost:3000/hook", List.of("customer.created"),
                        true, "secret", at, at)),
                List.of(new SandboxReferralLink("ann_2", "ann_2", "u1", true, false, false, null, at, at)),
                List.of(new SandboxInvite("inv_000001", "friend@example.com", "Fran", null,
                        JsonNodeFactory.instance.objectNode().put("from", "Ann"), at)));
        ReflectionRegistration.roundTrip(mapper, snapshot);
    }
}
