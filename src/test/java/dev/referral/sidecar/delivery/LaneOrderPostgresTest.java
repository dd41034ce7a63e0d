package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.Operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.Postgres;
import dev.referral.sidecar.support.PostgresProfile;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * On PostgreSQL, ids are taken at insert, not at commit. A purchase accepted while its customer's sign-up is still
 * being committed must wait for that commit (the lane lock), and then queue behind the sign-up instead of going
 * upstream first.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(Postgres.class)
class LaneOrderPostgresTest extends StubbedPartneroTest {

    @Inject
    Store store;

    @Inject
    Outbox outbox;

    @Inject
    Delivery delivery;

    @Test
    void aPurchaseAcceptedDuringItsSignupsCommitQueuesBehindIt() throws Exception {
        String customer = TestKeys.next("lane");
        String invoice = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(invoice));
        CountDownLatch signupInserted = new CountDownLatch(1);
        CompletableFuture<Void> slowSignup = CompletableFuture.runAsync(() -> store.read(c -> {
            // What another replica's writer does for a sign-up, with a slow commit, on a connection of its own.
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, customer);
                ps.execute();
            }
            OutboxRows.insertClaimed(outbox, c, delivery.signup(new CustomerKey(customer), null, null, null, null,
                    Optional.empty()));
            signupInserted.countDown();
            sleepQuietly(1500);
            c.commit();
            return null;
        }));
        signupInserted.await(10, TimeUnit.SECONDS);

        List<Accepted> purchase = delivery.submit(List.of(delivery.purchase(new CustomerKey(customer),
                new TransactionKey(invoice), BigDecimal.TEN, "sale")));

        slowSignup.get(10, TimeUnit.SECONDS);
        assertEquals(Accepted.Status.QUEUED, purchase.get(0).status());
        verify(partnero, never()).createTransaction(any());
        long signupId = outbox.find(Operation.SIGNUP, customer).orElseThrow().id();
        long purchaseId = outbox.find(Operation.PURCHASE, invoice).orElseThrow().id();
        assertEquals(true, signupId < purchaseId, "ids in a lane follow commit order");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
