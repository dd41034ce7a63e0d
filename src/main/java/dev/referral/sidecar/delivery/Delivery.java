package dev.referral.sidecar.delivery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

import dev.referral.sidecar.config.HookConfig;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.IdempotencyKey;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one door from the hooks, the dashboard and the webhook receiver into delivery and the store. A write is
 * built here ({@link NewEntry}), then submitted: accepted durably (all or nothing, deduplicated in the same
 * transaction) and tried once within the hook deadline, or queued for the dispatcher alone. The sidecar's own
 * sign-up records are read here too.
 */
@ApplicationScoped
public class Delivery {

    private final Writes writes;
    private final Acceptor acceptor;
    private final ImmediateAttempts immediate;
    private final Refunds refunds;
    private final SignupRecords signups;
    /** The {@code Prefer: respond-async} writes whose background attempts may start now. */
    private final Semaphore background;

    Delivery(Writes writes, Acceptor acceptor, ImmediateAttempts immediate, Refunds refunds, SignupRecords signups,
            HookConfig hooks) {
        this.writes = writes;
        this.acceptor = acceptor;
        this.immediate = immediate;
        this.refunds = refunds;
        this.signups = signups;
        this.background = new Semaphore(hooks.asyncAttempts());
    }

    /** A sign-up; {@code referrer} is sent as its referring customer. */
    public NewEntry signup(CustomerKey key, String email, String name, String surname, String dateOfBirth,
            Optional<CustomerKey> referrer) {
        return writes.signup(new Payloads.Signup(key.value(), email, name, surname, dateOfBirth,
                referrer.map(CustomerKey::value).orElse(null)));
    }

    public NewEntry purchase(CustomerKey customer, TransactionKey key, BigDecimal amount, String action) {
        return writes.purchase(customer, key, amount, action);
    }

    public NewEntry credit(CustomerKey customer, IdempotencyKey key, BigDecimal amount, String units,
            boolean isCurrency) {
        return writes.credit(customer, key, amount, units, isCurrency);
    }

    /** A webhook event to relay to the application, deduplicated by the hash of its exact bytes. */
    public NewEntry relay(byte[] body) {
        return writes.relay(body);
    }

    /**
     * The refund of transaction {@code key}, in its purchase's lane; empty when that purchase never left the outbox
     * and is cancelled (now, or by an earlier refund) instead: then nothing is ever sent.
     */
    public Optional<NewEntry> refund(TransactionKey key) {
        return refunds.refund(key);
    }

    /**
     * Accepts {@code entries} in one commit and attempts the new ones in order, waiting for the outcome.
     *
     * @throws KeyReusedException when a key exists with other content; then nothing is stored
     */
    public List<Accepted> submit(List<NewEntry> entries) {
        return join(submitAsync(entries, true));
    }

    /**
     * Accepts {@code entries} in one commit and answers without waiting for Partnero ({@code Prefer: respond-async});
     * see {@link #submitAsync}.
     */
    public List<Accepted> queue(List<NewEntry> entries) {
        return join(submitAsync(entries, false));
    }

    /**
     * Accepts {@code entries} in one group commit, the first new one claimed and marked as about to be sent in that
     * same commit, then attempts them in order within the hook deadline. No thread waits for the commit; the attempt
     * runs as its sender does (a blocking sender on a worker thread). The stage completes on the caller's event loop
     * when called from one.
     * <p>
     * Without {@code waiting} ({@code Prefer: respond-async}) the answer comes right after the commit: "queued" for
     * each new entry, a repeat's as it stands. The same attempts then run in the background, up to
     * {@code sidecar.hook.async-attempts} writes at once; beyond that the entries are accepted unclaimed and the
     * dispatcher delivers them.
     */
    public CompletionStage<List<Accepted>> submitAsync(List<NewEntry> entries, boolean waiting) {
        Instant deadline = immediate.deadline();
        if (waiting) {
            return acceptor.accept(entries, true).thenCompose(rows -> immediate.answerAll(rows, deadline, true));
        }
        boolean attempt = background.tryAcquire();
        return acceptor.accept(entries, attempt).whenComplete((rows, e) -> {
            if (attempt && e != null) {
                background.release();
            }
        }).thenCompose(rows -> {
            if (attempt) {
                // Started before the answer: a refund Partnero never had is then kept, as its caller is told "queued".
                immediate.answerAll(rows.stream().filter(Acceptor.Row::attempted).toList(), deadline, false)
                        .whenComplete((answers, e) -> background.release());
            }
            return immediate.answerAll(rows.stream().map(Acceptor.Row::unattempted).toList(), deadline, false);
        });
    }

    /** The sign-up answer a {@code DELIVERED} sign-up carries. */
    public SignupResult signedUp(Accepted delivered) {
        return writes.read(delivered.result(), SignupResult.class);
    }

    /** The answer a repeated sign-up of {@code key} gets, when this sidecar created that customer. */
    public Optional<SignupResult> signedUp(CustomerKey key) {
        return signups.created(key);
    }

    /**
     * The key of the customer this sidecar created and Partnero knows as {@code partneroId}: Partnero names customers
     * by its id in webhooks and transactions (H3). Reads the store: never on the event loop.
     */
    public Optional<CustomerKey> customerKnownUpstreamAs(String partneroId) {
        return signups.keyOf(partneroId);
    }

    /** The sign-up of {@code key} if this sidecar accepted one (pending or created). */
    public Optional<SignupRecord> signupRecord(CustomerKey key) {
        return signups.find(key);
    }

    /**
     * What {@link #signupRecord} would answer, when that is known without a store read (may be called on the event
     * loop); empty when it must be read.
     */
    public Optional<Optional<SignupRecord>> knownSignupRecord(CustomerKey key) {
        return signups.known(key);
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
