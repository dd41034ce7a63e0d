package dev.referral.sidecar.hook;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.delivery.Accepted;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.delivery.NewEntry;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.delivery.SignupResult;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.ReferralKeyExtractor;
import dev.referral.sidecar.referral.ReferralKeyExtractor.Referral;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sign-ups: find the referrer, accept the sign-up durably, create the customer upstream (or queue it), and answer
 * with the referral link. A repeated sign-up is answered with what exists and changes nothing.
 */
@ApplicationScoped
public class SignupService {

    private final ReferralKeyExtractor referrals;
    private final Delivery delivery;
    private final ManagedExecutor executor;

    SignupService(ReferralKeyExtractor referrals, Delivery delivery, ManagedExecutor executor) {
        this.referrals = referrals;
        this.delivery = delivery;
        this.executor = executor;
    }

    /**
     * The answer once the sign-up is committed and, unless {@code respondAsync}, attempted within the deadline. No
     * thread waits for either; only a repeated sign-up's look-up of its earlier answer runs on a worker thread.
     */
    public CompletionStage<HookAnswer<SignupHookResponse>> signup(SignupHookRequest request, String cookieHeader,
            boolean respondAsync) {
        Referral referral = referrals.extract(request.referralKey(), cookieHeader);
        String malformed = referral.ignored().orElse(null);
        CustomerKey key = new CustomerKey(request.key());
        List<NewEntry> entries = List.of(delivery.signup(key, request.email(), request.name(), request.surname(),
                request.metadata() == null ? null : request.metadata().dateOfBirth(), referral.key()));
        return delivery.submitAsync(entries, !respondAsync).thenCompose(all -> {
            Accepted accepted = all.get(0);
            return switch (accepted.status()) {
                case DELIVERED -> CompletableFuture.completedFuture(delivered(delivery.signedUp(accepted), malformed));
                case DUPLICATE -> repeated(key, accepted.earlier().orElseThrow(), malformed);
                case REJECTED -> throw new RejectedException(List.of(accepted.rejection().orElseThrow()),
                        (i, f) -> ourField(f));
                case QUEUED, NOT_FOUND, DEAD_LETTER -> CompletableFuture.completedFuture(
                        new HookAnswer<>(202, SignupHookResponse.queued(request.key(), malformed)));
            };
        });
    }

    private static HookAnswer<SignupHookResponse> delivered(SignupResult result, String malformed) {
        String ignored = result.referralIgnored() != null ? result.referralIgnored() : malformed;
        return new HookAnswer<>(result.created() ? 201 : 200, new SignupHookResponse(result.key(),
                result.referredBy(), result.referralLink(), result.referralLinks(), "delivered", ignored));
    }

    private CompletionStage<HookAnswer<SignupHookResponse>> repeated(CustomerKey key, Accepted.Earlier earlier,
            String malformed) {
        if (earlier == Accepted.Earlier.QUEUED) {
            return CompletableFuture.completedFuture(new HookAnswer<>(202, SignupHookResponse.queued(key.value(),
                    malformed)));
        }
        // The earlier answer may have to be read from the store: never on the event loop.
        return executor.supplyAsync(() -> created(key));
    }

    private HookAnswer<SignupHookResponse> created(CustomerKey key) {
        Optional<SignupResult> known = delivery.signedUp(key);
        if (known.isPresent()) {
            SignupResult r = known.get();
            return new HookAnswer<>(200, new SignupHookResponse(r.key(), r.referredBy(), r.referralLink(),
                    r.referralLinks(), "delivered", null));
        }
        throw new SignupFailedException(key.value());
    }

    /** Partnero's names for sign-up fields, in the hook's terms. */
    static String ourField(String upstream) {
        return upstream.startsWith("referring_customer") ? "referral_key" : upstream;
    }
}
