package dev.referral.sidecar.hook;

import java.util.List;
import java.util.Optional;

import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.delivery.Deliveries;
import dev.referral.sidecar.outbox.NewEntry;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Payloads;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.delivery.Writes;
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
    private final Writes writes;
    private final Deliveries deliveries;
    private final CustomerRecords customers;

    SignupService(ReferralKeyExtractor referrals, Writes writes, Deliveries deliveries, CustomerRecords customers) {
        this.referrals = referrals;
        this.writes = writes;
        this.deliveries = deliveries;
        this.customers = customers;
    }

    public HookAnswer<SignupHookResponse> signup(SignupHookRequest request, String cookieHeader, boolean respondAsync) {
        Referral referral = referrals.extract(request.referralKey(), cookieHeader);
        String malformed = referral.ignored().orElse(null);
        Payloads.Signup signup = new Payloads.Signup(request.key(), request.email(), request.name(),
                request.surname(), request.metadata() == null ? null : request.metadata().dateOfBirth(),
                referral.key().map(CustomerKey::value).orElse(null));
        List<NewEntry> entries = List.of(writes.signup(signup));
        Deliveries.Accepted accepted = (respondAsync ? deliveries.queue(entries) : deliveries.submit(entries)).get(0);
        return switch (accepted.status()) {
            case DELIVERED -> delivered(writes.read(accepted.result(), Payloads.SignupResult.class), malformed);
            case DUPLICATE -> repeated(accepted.existing().orElseThrow(), malformed);
            case REJECTED -> throw new RejectedException(List.of(accepted.rejection().orElseThrow()),
                    (i, f) -> ourField(f));
            case QUEUED, NOT_FOUND, DEAD_LETTER -> new HookAnswer<>(202, SignupHookResponse.queued(request.key(),
                    malformed));
        };
    }

    private static HookAnswer<SignupHookResponse> delivered(Payloads.SignupResult result, String malformed) {
        String ignored = result.referralIgnored() != null ? result.referralIgnored() : malformed;
        return new HookAnswer<>(result.created() ? 201 : 200, new SignupHookResponse(result.key(),
                result.referredBy(), result.referralLink(), result.referralLinks(), "delivered", ignored));
    }

    private HookAnswer<SignupHookResponse> repeated(OutboxEntry existing, String malformed) {
        if (existing.state() == OutboxEntry.State.PENDING) {
            return new HookAnswer<>(202, SignupHookResponse.queued(existing.dedupeKey(), malformed));
        }
        Optional<Payloads.SignupResult> known = customers.find(new CustomerKey(existing.dedupeKey()));
        if (known.isPresent()) {
            Payloads.SignupResult r = known.get();
            return new HookAnswer<>(200, new SignupHookResponse(r.key(), r.referredBy(), r.referralLink(),
                    r.referralLinks(), "delivered", null));
        }
        throw new SignupFailedException(existing.dedupeKey());
    }

    /** Partnero's names for sign-up fields, in the hook's terms. */
    static String ourField(String upstream) {
        return upstream.startsWith("referring_customer") ? "referral_key" : upstream;
    }
}
