package dev.referral.sidecar.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.support.Upstream;
import io.smallrye.mutiny.Uni;

/**
 * One attempt, however many calls it makes, ends by its deadline ({@link Sender#ATTEMPT_LIMIT}, half the shortest
 * lease): a sign-up whose referrer is refused makes a second call, and a cut per call (as before) would let the two
 * together outlive the claim, so another claimant could send the row while this attempt still runs.
 */
class AttemptDeadlineTest {

    private final PartneroClient partnero = mock(PartneroClient.class);
    private final Writes writes = new Writes(new ObjectMapper());
    private final SignupSender sender = new SignupSender(partnero, writes, mock(CustomerRecords.class));

    @Test
    void theCallsOfOneAttemptShareItsDeadline() {
        when(partnero.createCustomer(any())).thenReturn(
                Upstream.rejected(422, "referring_customer", "The selected referring customer is invalid."),
                Uni.createFrom().nothing());
        OutboxEntry signup = signup();
        Deadline deadline = Deadline.in(Duration.ofSeconds(2));
        // Cut per call, the second call alone would wait 30 s.
        RuntimeException cut = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(RuntimeException.class, () -> sender.send(signup, deadline)));
        verify(partnero, times(2)).createCustomer(any());
        assertEquals(PartneroFailure.Kind.UNKNOWN_OUTCOME, PartneroFailure.of(cut).kind());
    }

    /**
     * A call is sent when its {@code Uni} is subscribed to; an attempt out of time before its first call (it waited
     * that long for a worker thread) subscribes to none, and fails as not sent: nothing can have reached Partnero.
     */
    @Test
    void anAttemptOutOfTimeBeforeItsFirstCallSendsNothingAndSaysSo() {
        AtomicInteger sent = new AtomicInteger();
        when(partnero.createCustomer(any())).thenAnswer(call -> Uni.createFrom().item(() -> {
            sent.incrementAndGet();
            return Upstream.customer("deadline_1", null).await().indefinitely();
        }));
        RuntimeException late = assertThrows(RuntimeException.class,
                () -> sender.send(signup(), Deadline.in(Duration.ZERO)));
        assertEquals(PartneroFailure.Kind.NOT_SENT, PartneroFailure.of(late).kind());
        Throwable later = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> sender.sendAsync(signup(), Deadline.in(Duration.ZERO), Runnable::run).toCompletableFuture()
                        .get()).getCause();
        assertEquals(PartneroFailure.Kind.NOT_SENT, PartneroFailure.of(later).kind());
        assertEquals(0, sent.get());
    }

    private OutboxEntry signup() {
        String payload = writes.write(new Payloads.Signup("deadline_1", "d@example.com", "Dee", null, null, "ref_1"));
        Instant now = Instant.now();
        return new OutboxEntry(1, Operation.SIGNUP, "deadline_1", "deadline_1", payload, "signup",
                OutboxEntry.State.PENDING, 0, false, now, null, null, null, now, now);
    }
}
