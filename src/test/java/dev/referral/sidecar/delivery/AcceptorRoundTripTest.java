package dev.referral.sidecar.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

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
    private final WriteGate gate = mock(WriteGate.class);
    private Acceptor acceptor;

    @BeforeEach
    void acceptor() {
        when(store.writeSelfCommitting(anyString(), any())).thenReturn(new CompletableFuture<>());
        when(store.writeAsync(anyString(), any())).thenReturn(new CompletableFuture<>());
        acceptor = new Acceptor(store, intake, gate, mock(SignupRecords.class));
    }

    @Test
    void oneEntryOfOneLaneOnPostgresIsOneSelfCommittingRequest() {
        postgres(true);
        acceptor.accept(List.of(purchase("p1")), true);
        verify(store).writeSelfCommitting(eq("alice"), any());
        verify(store, never()).writeAsync(anyString(), any());
    }

    /**
     * The one-entry accept is the intake's batchable accept (several queued together lock and insert in two round
     * trips), and how its row starts is read when the writer runs it: writes paused by then, it is queued.
     */
    @Test
    @SuppressWarnings("unchecked")
    void oneEntryOfOneLaneOnPostgresIsTheIntakesBatchableAcceptDecidedWhenItRuns() {
        postgres(true);
        Store.Work<Object> batchable = c -> null;
        ArgumentCaptor<Supplier<OutboxIntake.Insert>> insert = ArgumentCaptor.forClass(Supplier.class);
        when(intake.acceptOne(insert.capture(), any())).thenReturn(batchable);
        when(gate.open()).thenReturn(true);
        when(gate.opensAt()).thenReturn(Instant.ofEpochMilli(5_000));
        acceptor.accept(List.of(purchase("p1")), true);
        verify(store).writeSelfCommitting(eq("alice"), same(batchable));
        assertEquals(OutboxIntake.Start.SENDING_IF_HEAD, insert.getValue().get().start(), "writes open: sent at once");
        when(gate.open()).thenReturn(false);
        OutboxIntake.Insert paused = insert.getValue().get();
        assertEquals(OutboxIntake.Start.QUEUED, paused.start(), "paused by the time the writer runs it");
        assertEquals(5_000, paused.dueAt(), "due when writes open again");
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
        verify(intake, never()).acceptOne(any(), any());
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
