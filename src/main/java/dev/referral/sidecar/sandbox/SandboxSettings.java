package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.referral.sidecar.config.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link SandboxConfig} read once into checked values, so a mistyped switch stops the start instead of silently
 * selecting some behaviour.
 */
@ApplicationScoped
public class SandboxSettings {

    /** What an unknown referrer gets (PARTNERO.md section 7.2). */
    enum UnknownReferrer { REJECT_422, REJECT_400, IGNORE }

    private final SandboxConfig config;
    private final UnknownReferrer unknownReferrer;
    private final boolean rejectNonReferred;
    private final boolean generatedIds;

    SandboxSettings(SandboxConfig config) {
        this.config = config;
        if (config.customerCreateStatus() != 200 && config.customerCreateStatus() != 201) {
            throw invalid("SANDBOX_CUSTOMER_CREATE_STATUS", "200 or 201");
        }
        this.unknownReferrer = switch (lower(config.unknownReferrer())) {
            case "422" -> UnknownReferrer.REJECT_422;
            case "400" -> UnknownReferrer.REJECT_400;
            case "ignore" -> UnknownReferrer.IGNORE;
            default -> throw invalid("SANDBOX_UNKNOWN_REFERRER", "422, 400 or ignore");
        };
        this.rejectNonReferred = switch (lower(config.nonReferredPurchase())) {
            case "accept" -> false;
            case "reject" -> true;
            default -> throw invalid("SANDBOX_NON_REFERRED_PURCHASE", "accept or reject");
        };
        this.generatedIds = switch (lower(config.ids())) {
            case "key" -> false;
            case "generated" -> true;
            default -> throw invalid("SANDBOX_IDS", "key or generated");
        };
        if (config.rewardRate().signum() < 0) {
            throw invalid("SANDBOX_REWARD_RATE", "a number of at least 0");
        }
        if (config.webhookUrl().filter(url -> !WebhookService.isHttp(url)).isPresent()) {
            throw invalid("SANDBOX_WEBHOOK_URL", "an http or https URL with a host");
        }
        checkLimits(config.limits());
    }

    private static void checkLimits(SandboxConfig.Limits limits) {
        Map<String, Integer> all = Map.of("CUSTOMERS", limits.customers(), "TRANSACTIONS", limits.transactions(),
                "CREDITS", limits.credits(), "REFERRAL_LINKS", limits.referralLinks(), "INVITES", limits.invites(),
                "WEBHOOKS", limits.webhooks(), "REQUESTS", limits.requests());
        all.forEach((name, value) -> {
            if (value < 1) {
                throw invalid("SANDBOX_LIMITS_" + name, "at least 1");
            }
        });
    }

    private static String lower(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalStateException invalid(String variable, String expected) {
        return new IllegalStateException(variable + " must be " + expected);
    }

    String siteUrl() {
        return config.siteUrl();
    }

    BigDecimal rewardRate() {
        return config.rewardRate();
    }

    int customerCreateStatus() {
        return config.customerCreateStatus();
    }

    UnknownReferrer unknownReferrer() {
        return unknownReferrer;
    }

    boolean rejectNonReferred() {
        return rejectNonReferred;
    }

    boolean strictTransactionKeys() {
        return config.strictTransactionKeys();
    }

    Optional<String> apiKey() {
        return config.apiKey().filter(k -> !k.isBlank());
    }

    Optional<URI> webhookUrl() {
        return config.webhookUrl();
    }

    Optional<String> webhookSecret() {
        return config.webhookSecret().filter(s -> !s.isBlank());
    }

    long seed() {
        return config.seed();
    }

    boolean generatedIds() {
        return generatedIds;
    }

    SandboxConfig.Limits limits() {
        return config.limits();
    }

    Optional<Path> stateFile() {
        return config.stateFile().filter(f -> !f.isBlank()).map(Path::of);
    }
}
