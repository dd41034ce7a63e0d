package dev.referral.sidecar.delivery;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.referral.CustomerKey;
import jakarta.enterprise.event.Event;

/**
 * A delivered write of a customer whose sign-up record is not in memory (one who signed up before this sidecar, once
 * the memory of "no sign-up here" has lapsed): the customer's cached dashboards are evicted before the hook answers,
 * not after a store look-up on another thread, so a read right after the write never gets the answer from before it.
 */
class DeliveredEventsTest {

    @SuppressWarnings("unchecked")
    private final Event<Delivered> delivered = mock(Event.class);
    private final SignupRecords signups = mock(SignupRecords.class);
    private final ManagedExecutor executor = mock(ManagedExecutor.class);
    private final List<Runnable> later = new ArrayList<>();
    private final DeliveredEvents events = new DeliveredEvents(delivered, signups, executor);

    @Test
    void theCustomerIsEvictedAtOnceAndItsReferrerAfterTheLookUp() {
        CustomerKey alice = new CustomerKey("alice_123");
        CustomerKey bob = new CustomerKey("bob_456");
        when(signups.known(alice)).thenReturn(Optional.empty());
        when(signups.find(alice)).thenReturn(Optional.of(new SignupRecord(alice, false, Optional.empty(),
                Optional.of(bob))));
        doAnswer(call -> later.add(call.getArgument(0))).when(executor).execute(any());

        events.announce(purchase("alice_123"));

        // Before the executor has run anything, i.e. before the hook's answer.
        verify(delivered).fire(new Delivered(alice, Optional.empty()));
        verify(delivered, never()).fire(new Delivered(alice, Optional.of(bob)));
        later.forEach(Runnable::run);
        verify(delivered).fire(new Delivered(alice, Optional.of(bob)));
    }

    @Test
    void aFailedReferrerLookUpIsLoggedNotThrown() {
        CustomerKey carol = new CustomerKey("carol_789");
        when(signups.known(carol)).thenReturn(Optional.empty());
        when(signups.find(carol)).thenThrow(new IllegalStateException("store closed"));
        doAnswer(call -> later.add(call.getArgument(0))).when(executor).execute(any());

        events.announce(purchase("carol_789"));
        later.forEach(Runnable::run);

        verify(delivered).fire(new Delivered(carol, Optional.empty()));
    }

    private static OutboxEntry purchase(String customer) {
        Instant now = Instant.now();
        return new OutboxEntry(7, Operation.PURCHASE, "inv_1", customer, "{}", "f", OutboxEntry.State.DELIVERED, 1,
                true, now, null, null, null, now, now);
    }
}
