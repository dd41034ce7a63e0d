package dev.referral.sidecar.webhook;

import java.util.List;
import java.util.Optional;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import dev.referral.sidecar.config.WebhookConfig;
import dev.referral.sidecar.delivery.Accepted;
import dev.referral.sidecar.delivery.Delivery;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Partnero's webhooks: verify the signature on the raw bytes, deduplicate by the hash of those bytes (Partnero
 * sends no event id and does send duplicates), relay through the outbox, and evict the dashboards it touches.
 */
@ApplicationScoped
public class WebhookReceiver {

    private final Optional<String> secret;
    private final Delivery delivery;
    private final CacheEviction eviction;

    WebhookReceiver(WebhookConfig config, Delivery delivery, CacheEviction eviction) {
        this.secret = config.partneroSecret().filter(s -> !s.isBlank());
        this.delivery = delivery;
        this.eviction = eviction;
    }

    public WebhookAck receive(byte[] body, String signature) {
        if (secret.isEmpty()) {
            throw new Refused(ProblemType.NOT_FOUND, "Not found", "Webhooks are off: PARTNERO_WEBHOOK_SECRET is unset");
        }
        if (!Signatures.verify(body, signature, secret.get())) {
            throw new Refused(ProblemType.UNAUTHORIZED, "Bad signature", "The Signature header does not match");
        }
        // Before the relay: an application reloading a dashboard on the relayed event must not get the cached one.
        // A repeat evicts again (cheap, idempotent): its first delivery may have been cut before it did.
        eviction.evictFor(body);
        Accepted accepted = delivery.submit(List.of(delivery.relay(body))).get(0);
        return new WebhookAck(accepted.status() == Accepted.Status.DUPLICATE ? "duplicate" : "accepted");
    }

    /** A webhook the sidecar will not take. */
    static class Refused extends ProblemException {
        Refused(ProblemType type, String title, String detail) {
            super(type, title, detail);
        }
    }
}
