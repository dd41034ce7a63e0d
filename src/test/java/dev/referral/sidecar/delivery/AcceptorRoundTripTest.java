package dev.referral.sidecar.delivery;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxIntake;
import dev.referral.sidecar.outbox.Store;

/**
 * How an acceptance reaches the store's writer: one entry of one lane on PostgreSQL, whose lock and insert are one
 * request to the server, as a self-committing write (alone in its group, one round trip and no transaction around
 * it); a batch, or any accept on SQLite, inside the writer's transaction.
 */
class AcceptorRoundTripTest {

    private final Store store = mock(Store.class);
    private final OutboxIntake intake = mock(OutboxIntake.class);
    private Acceptor acceptor;

    @BeforeEach
    void acceptor() {
        when(store.writeSelfCommitting(anyString(), any())).thenReturn(new CompletableFuture<>());
        when(store.writeAsync(anyString(), any())).thenReturn(new CompletableFuture<>());
        acceptor = new Acceptor(store, intake, mock(WriteGate.class), mock(SignupRecords.class));
    }

    @Test
    void oneEntryOfOneLaneOnPostgresIsOneSelfCommittingRequest() {
        postgres(true);
        acceptor.accept(List.of(purchase("p1")), true);
        verify(store).writeSelfCommitting(eq("alice"), any());
        verify(store, never()).writeAsync(anyString(), any());
    }

    @Test
    void aBatchTakesItsLocksAndInsertsInATransaction() {
        postgres(true);
        acceptor.accept(List.of(purchase("p1"), purchase("p2")), true);
        verify(store).writeAsync(eq("alice"), any());
        verify(store, never()).writeSelfCommitting(anyString(), any());
    }

    @Test
    void onSqliteEveryAcceptIsInTheWritersTransaction() {
        postgres(false);
        acceptor.accept(List.of(purchase("p1")), true);
        verify(store).writeAsync(eq("alice"), any());
        verify(store, never()).writeSelfCommitting(anyString(), any());
    }

    /** PostgreSQL's intake sends the lock with the insert for one lane; SQLite's never. */
    @SuppressWarnings("unchecked")
    private void postgres(boolean postgres) {
        when(intake.locksInInsert(any())).thenAnswer(call -> postgres && ((SortedSet<String>) call.getArgument(0)).size() == 1);
    }

    private static NewEntry purchase(String key) {
        return new NewEntry(Operation.PURCHASE, key, "alice", "{}", "f-" + key);
    }
}
