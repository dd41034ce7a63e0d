package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.referral.sidecar.config.DeliveryConfig;

/**
 * A delivered mark with nothing alongside it (a purchase, a refund, a credit) reaches the writer as an {@link Update},
 * which the writer batches with the marks queued next to it; one with a sign-up's record alongside stays one unit of
 * its own, record and mark together.
 */
class DeliveredMarkTest {

    private final Store store = mock(Store.class);
    private final Outbox outbox = new Outbox(store, Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC),
            mock(DeliveryConfig.class));

    @Test
    void aMarkWithNothingAlongsideIsABatchableUpdateOfItsRow() {
        Store.Work<Integer> mark = queuedLater(null);
        Update update = assertInstanceOf(Update.class, mark);
        assertArrayEquals(new Object[] { "{\"ok\":1}", 1_000L, 7L, outbox.node() }, update.args());
        Store.Work<Integer> next = queuedLater(null);
        assertTrue(update.batchesWith(next), "every mark is the same statement");
    }

    @Test
    void aMarkWithARecordAlongsideIsOneUnitOfItsOwn() {
        Store.Work<Integer> mark = queuedLater(c -> 1);
        assertFalse(mark instanceof Update, "the record and the mark commit together, never split by a batch");
    }

    @SuppressWarnings("unchecked")
    private Store.Work<Integer> queuedLater(Store.Work<?> alongside) {
        ArgumentCaptor<Store.Work<Integer>> work = ArgumentCaptor.forClass(Store.Work.class);
        when(store.writeLater(eq("alice"), any())).thenReturn(new CompletableFuture<>());
        outbox.delivered(7L, "alice", "{\"ok\":1}", alongside, false);
        verify(store, atLeastOnce()).writeLater(eq("alice"), work.capture());
        return work.getValue();
    }
}
