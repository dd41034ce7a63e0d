package dev.referral.sidecar.sandbox;

import dev.referral.sidecar.config.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The emulator's bounds ({@code SANDBOX_LIMITS_*}): a change that would grow a full kind past its limit is refused
 * before anything changes, with 507 Insufficient Storage and a message that names the limit and the way out.
 * Webhooks are the exception: Partnero-like, a 422 on {@code url}.
 */
@ApplicationScoped
class Capacity {

    static final int INSUFFICIENT_STORAGE = 507;

    private final SandboxConfig.Limits limits;

    Capacity(SandboxSettings settings) {
        this.limits = settings.limits();
    }

    void customers(State state) {
        check(state.customers().size(), 1, limits.customers(), "customers", "CUSTOMERS");
    }

    void transactions(State state, int adding) {
        check(state.transactionCount(), adding, limits.transactions(), "transactions", "TRANSACTIONS");
    }

    void credits(State state) {
        check(state.creditCount(), 1, limits.credits(), "credits", "CREDITS");
    }

    void referralLinks(State state) {
        check(state.referralLinks().size(), 1, limits.referralLinks(), "referral links", "REFERRAL_LINKS");
    }

    void invites(State state) {
        check(state.invites().size(), 1, limits.invites(), "invitations", "INVITES");
    }

    /** A webhook past the limit is a 422 on {@code url}, the field a client can act on. */
    void webhooks(State state, Violations violations) {
        if (state.webhooks().size() >= limits.webhooks()) {
            violations.add("url", "No more than %d webhooks can be registered (SANDBOX_LIMITS_WEBHOOKS)."
                    .formatted(limits.webhooks()));
        }
    }

    private static void check(int current, int adding, int limit, String kind, String variable) {
        if ((long) current + adding > limit) {
            throw new ApiError(INSUFFICIENT_STORAGE, PartneroJson.message(("The sandbox keeps at most %d %s "
                    + "(SANDBOX_LIMITS_%s). Reset it (POST /sandbox/reset) or raise the limit.")
                    .formatted(limit, kind, variable)));
        }
    }
}
