package dev.referral.sidecar.sandbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The active fault set (PARTNERO.md section 7.7): which rule applies to a request, its remaining count, the seeded
 * error roll, and the requests held by a {@code hang} until the set is cleared. Faults are not emulator state: they
 * are never saved and have their own monitor, so a hung request never holds the state lock.
 */
@ApplicationScoped
class Faults {

    static final Duration HANG_LIMIT = Duration.ofSeconds(600);

    private final SandboxSettings settings;
    private final Set<CompletableFuture<Void>> hanging = new HashSet<>();
    private FaultSet active;
    private long[] remaining;
    private Random random;

    Faults(SandboxSettings settings) {
        this.settings = settings;
        replace(FaultSet.none(settings.seed()));
    }

    /** Replaces the set; its counts and random sequence start afresh. Hung requests keep hanging. */
    synchronized void replace(FaultSet set) {
        active = set;
        remaining = set.rules().stream().mapToLong(r -> r.count() == null ? -1 : r.count()).toArray();
        random = new Random(set.seed());
    }

    /** Clears the set and releases every hung request. */
    void clear() {
        List<CompletableFuture<Void>> released;
        synchronized (this) {
            replace(FaultSet.none(settings.seed()));
            released = List.copyOf(hanging);
            hanging.clear();
        }
        released.forEach(h -> h.complete(null));
    }

    /**
     * The first rule that matches and is not spent, which the request then spends; with an {@code error_status}
     * the seeded roll decides whether this request fails.
     */
    synchronized FaultDecision select(String method, String path) {
        List<FaultRule> rules = active.rules();
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (remaining[i] != 0 && rule.matches(method, path)) {
                if (remaining[i] > 0) {
                    remaining[i]--;
                }
                boolean fail = rule.errorStatus() != null && random.nextDouble() < rule.errorRate();
                return new FaultDecision(rule, fail);
            }
        }
        return FaultDecision.NONE;
    }

    synchronized WebhookFaults webhookFaults() {
        return active.webhooks();
    }

    /** Completes when the set is cleared, or after {@link #HANG_LIMIT}; never holds a thread meanwhile. */
    Uni<Void> hang() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        synchronized (this) {
            hanging.add(release);
        }
        return Uni.createFrom().completionStage(release)
                .ifNoItem().after(HANG_LIMIT).recoverWithItem((Void) null)
                .onTermination().invoke(() -> forget(release));
    }

    private synchronized void forget(CompletableFuture<Void> release) {
        hanging.remove(release);
    }

    /** The set as posted, each rule with its {@code remaining} count (null: unlimited), and the hung requests. */
    synchronized ObjectNode view() {
        ObjectNode view = PartneroJson.object();
        view.put("seed", active.seed());
        ArrayNode rules = view.putArray("rules");
        for (int i = 0; i < active.rules().size(); i++) {
            ObjectNode rule = active.rules().get(i).source().deepCopy();
            rule.put("remaining", remaining[i] < 0 ? null : remaining[i]);
            rules.add(rule);
        }
        view.putObject("webhooks").put("duplicate", active.webhooks().duplicate())
                .put("bad_signature", active.webhooks().badSignature());
        view.put("hanging", hanging.size());
        return view;
    }
}
