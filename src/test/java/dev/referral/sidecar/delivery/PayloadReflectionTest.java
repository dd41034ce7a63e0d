package dev.referral.sidecar.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.support.ReflectionRegistration;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Every outbox payload type, and a sign-up's stored answer, goes through the ObjectMapper the outbox uses and back,
 * and is registered for reflection (a native executable needs it: Jackson meets these types only through that
 * mapper). A new payload record without a sample here, or without the annotation, fails.
 */
@QuarkusTest
class PayloadReflectionTest {

    @Inject
    ObjectMapper mapper;

    static final List<Object> SAMPLES = List.of(
            new Payloads.Signup("c1", "ann@example.com", "Ann", "Lee", "1990-01-02", "r1"),
            new Payloads.Purchase("c1", "t1", new BigDecimal("10.50"), "sale"),
            new Payloads.Refund("t1"),
            new Payloads.Credit("c1", "i1", new BigDecimal("5"), "usd", true),
            new Payloads.Relay("eyJldmVudCI6InRlc3QifQ=="));

    /** Not a payload, but stored the same way: a delivered sign-up's answer, in the row's result. */
    static final SignupResult RESULT = new SignupResult("c1", "p1", "r1", "https://example.com/r/c1",
            List.of("https://example.com/r/c1"), true, null);

    @Test
    void everyPayloadTypeRoundTripsAndIsRegisteredForReflection() throws JsonProcessingException {
        for (Object sample : SAMPLES) {
            ReflectionRegistration.roundTrip(mapper, sample);
        }
        ReflectionRegistration.roundTrip(mapper, RESULT);
    }

    @Test
    void everyPayloadRecordHasASample() {
        Set<Class<?>> declared = Arrays.stream(Payloads.class.getDeclaredClasses()).filter(Class::isRecord)
                .collect(Collectors.toSet());
        assertEquals(declared, SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()));
    }
}
