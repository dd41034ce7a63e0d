package dev.referral.sidecar.config;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The emulator's switches ({@code SANDBOX_*}, PARTNERO.md section 7.2). */
@ConfigMapping(prefix = "sandbox")
public interface SandboxConfig {

    /** Base of referral links. */
    @WithDefault("http://localhost:3000/")
    String siteUrl();

    /** Share of a sale credited to the buyer's referrer. */
    @WithDefault("0.10")
    BigDecimal rewardRate();

    /** Status of a successful customer create: 200 or 201. */
    @WithDefault("201")
    int customerCreateStatus();

    /** What an unknown referrer gets: {@code 422}, {@code 400} or {@code ignore}. */
    @WithDefault("422")
    String unknownReferrer();

    /** Purchases by a non-referred buyer: {@code accept} (no reward) or {@code reject} (422). */
    @WithDefault("accept")
    String nonReferredPurchase();

    /** {@code true}: 422 on a repeated transaction key (not Partnero's behaviour). */
    @WithDefault("false")
    boolean strictTransactionKeys();

    /** The only Bearer token accepted; if unset, any non-empty token is. */
    Optional<String> apiKey();

    /** One webhook for all events, registered at start. */
    Optional<URI> webhookUrl();

    /** Signing secret of that webhook; generated from the seed when unset. */
    Optional<String> webhookSecret();

    /** Seeds generated secrets and fault randomness. */
    @WithDefault("0")
    long seed();

    /** {@code key}: a customer created without id gets id = key; {@code generated}: cus_000001... */
    @WithDefault("key")
    String ids();

    /** When set, state is saved there after each change and loaded at start. */
    Optional<String> stateFile();

    /** How much the emulator keeps: a full kind is refused with a message naming its variable. */
    Limits limits();

    /** The emulator's bounds ({@code SANDBOX_LIMITS_*}), so no client can grow it without end. */
    interface Limits {

        /** Customers kept; one more is a 507. The defaults fit, all full at once, in the shipped 64 MB heap. */
        @WithDefault("5000")
        int customers();

        /** Transactions kept, refunded ones included; one more is a 507. */
        @WithDefault("20000")
        int transactions();

        /** Balance credits kept; one more is a 507. */
        @WithDefault("5000")
        int credits();

        /** Additional referral links kept; one more is a 507. */
        @WithDefault("5000")
        int referralLinks();

        /** Invitations recorded; one more is a 507. */
        @WithDefault("1000")
        int invites();

        /** Webhooks registered, the configured one included; one more is a 422 on {@code url}. */
        @WithDefault("10")
        int webhooks();

        /** Requests kept by {@code GET /sandbox/requests}; the oldest is dropped first. */
        @WithDefault("1000")
        int requests();
    }
}
