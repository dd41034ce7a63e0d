package dev.referral.sidecar.delivery;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.partnero.PartneroUnavailable;

/**
 * A relay the application keeps refusing (a 4xx answer) is a dead letter after {@code max-attempts}, as DESIGN.md
 * says, not only after the maximum age; one the application never answered, or answered unavailable, only waits.
 */
class RelayStrikesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final Outbox outbox = mock(Outbox.class);
    private final WriteGate gate = mock(WriteGate.class);
    private final DeliveryConfig config = mock(DeliveryConfig.class);
    private final FailedAttempts failures = new FailedAttempts(outbox, gate, config, mock(DeliveryMetrics.class),
            Clock.fixed(NOW, ZoneOffset.UTC));

    RelayStrikesTest() {
        when(config.maxAttempts()).thenReturn(12);
        when(config.maxAge()).thenReturn(Duration.ofHours(72));
        when(config.checkPause()).thenReturn(Duration.ofSeconds(20));
        when(config.backoffInitial()).thenReturn(Duration.ofSeconds(1));
        when(config.backoffMax()).thenReturn(Duration.ofMinutes(5));
    }

    @Test
    void theTwelfthRefusalByTheApplicationIsADeadLetter() {
        failures.failed(relay(11), refused(400));
        verify(outbox).dead(eq(7L), eq(1), anyBoolean(), eq(FailedAttempts.MAX_ATTEMPTS), anyString());
    }

    @Test
    void aRefusalBeforeThatIsAStrikeAndARetry() {
        failures.failed(relay(3), refused(422));
        verify(outbox).release(eq(7L), any(), eq(1), anyBoolean(), anyString());
    }

    /** A 5xx (or 408, 429) is the application unavailable, say during its deploy: it waits, as for Partnero. */
    @Test
    void anUnavailableApplicationIsNoStrike() {
        failures.failed(relay(11), refused(503));
        failures.failed(relay(11), refused(429));
        verify(outbox, org.mockito.Mockito.times(2)).release(eq(7L), any(), eq(0), anyBoolean(), anyString());
        verify(outbox, never()).dead(eq(7L), anyInt(), anyBoolean(), any(), any());
    }

    @Test
    void noAnswerAtAllIsNoStrike() {
        failures.failed(relay(11), new Outcome.Failed(PartneroFailure.of(
                new PartneroUnavailable(0, false, "relay failed: ConnectException", null))));
        verify(outbox).release(eq(7L), any(), eq(0), anyBoolean(), anyString());
        verify(outbox, never()).dead(eq(7L), anyInt(), anyBoolean(), any(), any());
    }

    private static Outcome.Failed refused(int status) {
        return new Outcome.Failed(PartneroFailure.of(new PartneroUnavailable(status, false,
                "relay failed: application answered " + status, null)));
    }

    private static OutboxEntry relay(int attempts) {
        return new OutboxEntry(7, Operation.RELAY, "hash", null, "{}", "relay", OutboxEntry.State.PENDING, attempts,
                false, NOW, null, null, null, NOW.minusSeconds(60), NOW.minusSeconds(30));
    }
}
