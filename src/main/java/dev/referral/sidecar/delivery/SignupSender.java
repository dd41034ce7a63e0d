package dev.referral.sidecar.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.referral.sidecar.outbox.CustomerRecord;
import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.partnero.Customer;
import dev.referral.sidecar.partnero.CustomerRef;
import dev.referral.sidecar.partnero.NewCustomer;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.referral.CustomerKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creates a customer. Re-sending is safe (H2): a duplicate comes back as 409 or a 422 naming {@code key}/{@code id},
 * and then the existing customer is fetched. A referrer Partnero does not know is dropped once, and the sign-up
 * says so ({@code unknown_referrer}).
 */
@ApplicationScoped
class SignupSender implements Sender {

    static final String UNKNOWN_REFERRER = "unknown_referrer";

    private final PartneroClient partnero;
    private final Writes writes;
    private final CustomerRecords customers;

    SignupSender(PartneroClient partnero, Writes writes, CustomerRecords customers) {
        this.partnero = partnero;
        this.writes = writes;
        this.customers = customers;
    }

    @Override
    public Operation operation() {
        return Operation.SIGNUP;
    }

    @Override
    public Outcome send(OutboxEntry entry, Deadline deadline) {
        Payloads.Signup signup = writes.read(entry.payload(), Payloads.Signup.class);
        NewCustomer body = body(signup);
        SignupResult result;
        try {
            result = created(signup, Sender.await(partnero.createCustomer(body), deadline), null);
        } catch (PartneroRejected rejected) {
            result = afterRejection(signup, body, rejected, deadline);
        }
        return saved(result);
    }

    /**
     * Delivered: the customer record is in memory at once and committed with the delivered mark, which the answer
     * does not wait for (a repeat of this sign-up is accepted on the same writer, after that mark).
     */
    private Outcome saved(SignupResult result) {
        CustomerRecord record = record(result);
        customers.remember(record);
        return new Outcome.Done(writes.write(result), customers.saving(record));
    }

    /**
     * The usual attempt, a created customer, without a thread. A rejection (an existing customer, a referrer Partnero
     * does not know) needs more requests and goes the blocking way.
     */
    @Override
    public CompletionStage<Outcome> sendAsync(OutboxEntry entry, Deadline deadline, Executor executor) {
        Payloads.Signup signup = writes.read(entry.payload(), Payloads.Signup.class);
        NewCustomer body = body(signup);
        return Sender.later(partnero.createCustomer(body), deadline)
                .thenApply(customer -> saved(created(signup, customer, null)))
                .exceptionallyCompose(e -> {
                    Throwable cause = Sender.cause(e);
                    if (!(cause instanceof PartneroRejected rejected)) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    return CompletableFuture.supplyAsync(() -> saved(afterRejection(signup, body, rejected, deadline)),
                            executor);
                });
    }

    /** referredBy is set only when the referrer was sent and Partnero kept it. */
    private static CustomerRecord record(SignupResult result) {
        return new CustomerRecord(result.key(), result.partneroId(), result.referredBy(), result.referralLink(),
                result.referralLinks());
    }

    private SignupResult afterRejection(Payloads.Signup signup, NewCustomer body, PartneroRejected rejected,
            Deadline deadline) {
        if (duplicate(rejected)) {
            return existing(signup, deadline);
        }
        if (body.referringCustomer() != null && referrerRejected(rejected)) {
            try {
                return created(signup, Sender.await(partnero.createCustomer(body.withoutReferrer()), deadline),
                        UNKNOWN_REFERRER);
            } catch (PartneroRejected again) {
                if (duplicate(again)) {
                    return existing(signup, deadline);
                }
                throw again;
            }
        }
        throw rejected;
    }

    private SignupResult created(Payloads.Signup signup, Customer customer, String ignored) {
        boolean referrerSent = signup.referrer() != null && ignored == null;
        boolean referrerKept = referrerSent && present(customer.referringCustomer());
        String ignoredReason = ignored != null ? ignored : referrerSent && !referrerKept ? UNKNOWN_REFERRER : null;
        return new SignupResult(signup.key(), customer.id(), referrerKept ? signup.referrer() : null,
                customer.referralLink(), links(customer), true, ignoredReason);
    }

    private SignupResult existing(Payloads.Signup signup, Deadline deadline) {
        Customer customer = Sender.await(partnero.customer(new CustomerKey(signup.key())), deadline);
        return new SignupResult(signup.key(), customer.id(), keptReferrer(signup, customer, deadline) ? signup.referrer() : null,
                customer.referralLink(), links(customer), false, null);
    }

    /**
     * Whether a customer found existing has the referrer this sign-up sent: the usual case after an attempt whose
     * answer was lost (a timeout, a restart) had created it. A customer has no key (H3), so its referring customer is
     * compared by Partnero's id, known from this sidecar's record of the referrer or else looked up; a key is
     * compared too, should Partnero ever answer one. Anything else (another referrer, none, an unknown referrer) is
     * not ours to report.
     */
    private boolean keptReferrer(Payloads.Signup signup, Customer customer, Deadline deadline) {
        JsonNode referring = customer.referringCustomer();
        if (signup.referrer() == null || !present(referring) || !referring.isObject()) {
            return false;
        }
        JsonNode key = referring.get("key");
        if (present(key) && key.isTextual()) {
            return key.asText().equals(signup.referrer());
        }
        JsonNode id = referring.get("id");
        if (!present(id) || !id.isValueNode()) {
            return false;
        }
        CustomerKey referrer = new CustomerKey(signup.referrer());
        String referrerId = customers.find(referrer).map(CustomerRecord::partneroId)
                .orElseGet(() -> partneroId(referrer, deadline));
        return id.asText().equals(referrerId);
    }

    /** The referrer's id upstream; null when Partnero does not know it (a failure to ask fails the attempt). */
    private String partneroId(CustomerKey referrer, Deadline deadline) {
        try {
            return Sender.await(partnero.customer(referrer), deadline).id();
        } catch (PartneroRejected rejected) {
            if (rejected.notFound()) {
                return null;
            }
            throw rejected;
        }
    }

    private static NewCustomer body(Payloads.Signup s) {
        NewCustomer.Metadata metadata = s.dateOfBirth() == null ? null : new NewCustomer.Metadata(s.dateOfBirth());
        CustomerRef referrer = s.referrer() == null ? null : new CustomerRef(s.referrer());
        return new NewCustomer(s.key(), s.email(), s.name(), s.surname(), metadata, referrer);
    }

    /** 409 (community code) or a 422 naming the key or id: the customer exists. Only {@code email}: a real failure. */
    static boolean duplicate(PartneroRejected r) {
        return r.status() == 409 || (r.status() == 422 && (r.errors().containsKey("key") || r.errors().containsKey("id")));
    }

    /** Partnero named only the referrer, or gave a bare 400/422 to a sign-up that carried one. */
    static boolean referrerRejected(PartneroRejected r) {
        return (r.status() == 422 || r.status() == 400)
                && (r.errors().isEmpty() || r.onlyFieldsUnder("referring_customer"));
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static List<String> links(Customer customer) {
        if (customer.referralLinks() != null) {
            return customer.referralLinks();
        }
        return customer.referralLink() == null ? List.of() : List.of(customer.referralLink());
    }
}
