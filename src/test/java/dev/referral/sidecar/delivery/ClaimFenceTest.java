package dev.referral.sidecar.delivery;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The claim is a fence: an attempt whose claim was handed back (shutdown), taken over (another replica after the
 * lease) or whose row was cancelled in the meantime sends nothing and records nothing.
 */
@QuarkusTest
class ClaimFenceTest extends StubbedPartneroTest {

    @Inject
    Store store;

    @Inject
    Writes writes;

    @Inject
    Outbox outbox;

    @Inject
    Attempts attempts;

    @Inject
    DeliveryConfig config;

    @Test
    void anAttemptWhoseClaimWasHandedBackAndTakenByAnotherReplicaSendsNothing() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        OutboxEntry claimedHere = insertClaimed(key);
        outbox.releaseOwnClaims();
        Outbox otherReplica = new Outbox(store, Clock.systemUTC(), config);
        assertTrue(otherReplica.claimDue(100, true).stream().anyMatch(e -> e.id() == claimedHere.id()));

        attempts.run(claimedHere, false);

        verify(partnero, never()).createTransaction(any());
        assertEquals("PENDING", rows.state("PURCHASE", key), "the other replica's claim is left alone");
    }

    @Test
    void aRowCancelledWhileItsAttemptWaitedIsNeverSent() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        OutboxEntry claimedHere = insertClaimed(key);
        outbox.releaseOwnClaims();
        boolean cancelled = store.write(c -> outbox.cancel(c, claimedHere.id()));
        assertTrue(cancelled);

        attempts.run(claimedHere, false);

        verify(partnero, never()).createTransaction(any());
        assertEquals("CANCELLED", rows.state("PURCHASE", key));
    }

    private OutboxEntry insertClaimed(String key) {
        NewEntry entry = writes.purchase(new CustomerKey("fence_buyer"), new TransactionKey(key), BigDecimal.TEN,
                "sale");
        store.write(c -> OutboxRows.insertClaimed(outbox, c, entry));
        OutboxEntry row = outbox.find(Operation.PURCHASE, key).orElseThrow();
        assertTrue(row.nextAttemptAt().isBefore(Instant.now().plusSeconds(1)));
        return row;
    }
}
