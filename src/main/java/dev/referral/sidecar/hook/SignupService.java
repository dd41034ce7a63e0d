package dev.referral.sidecar.hook;

import java.util.List;
import java.util.Optional;

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

    SignupService(ReferralKeyExtractor referrals, Delivery delivery) {
        this.referrals = referrals;
        this.delivery = delivery;
    }

    public HookAnswer<SignupHookResponse> signup(SignupHookRequest request, String cookieHeader, boolean respondAsync) {
        Referral referral = referrals.extract(request.referralKey(), cookieHeader);
        String malformed = referral.ignored().orElse(null);
        CustomerKey key = new CustomerKey(request.key());
        List<NewEntry> entries = List.of(delivery.signup(key, request.email(), request.name(), request.surname(),
                request.metadata() == null ? null : request.metadata().dateOfBirth(), referral.key()));
        Accepted accepted = (respondAsync ? delivery.queue(entries) : delivery.submit(entries)).get(0);
        return switch (accepted.status()) {
            case DELIVERED -> delivered(delivery.signedUp(accepted), malformed);
            case DUPLICATE -> repeated(key, accepted.earlier().orElseThrow(), malformed);
            case REJECTED -> throw new RejectedException(List.of(accepted.rejection().orElseThrow()),
                    (i, f) -> ourField(f));
            case QUEUED, NOT_FOUND, DEAD_LETTER -> new HookAnswer<>(202, SignupHookResponse.queued(request.key(),
                    malformed));
        };
    }

    private static HookAnswer<SignupHookResponse> delivered(SignupResult result, String malformed) {
        String ignored = result.referralIgnored() != null ? result.referralIgnored() : malformed;
        return new HookAnswer<>(result.created() ? 201 : 200, new SignupHookResponse(result.key(),
                result.referredBy(), result.referralLink(), result.referralLinks(), "delivered", ignored));
    }

    private HookAnswer<SignupHookResponse> repeated(CustomerKey key, Accepted.Earlier earlier, String malformed) {
        if (earlier == Accepted.Earlier.QUEUED) {
            return new HookAnswer<>(202, SignupHookResponse.queued(key.value(), malformed));
        }
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
