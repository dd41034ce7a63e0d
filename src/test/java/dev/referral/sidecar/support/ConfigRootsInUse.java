package dev.referral.sidecar.support;

import dev.referral.sidecar.config.DashboardConfig;
import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.config.HookConfig;
import dev.referral.sidecar.config.StoreConfig;
import dev.referral.sidecar.config.WebhookConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Quarkus registers a {@code @ConfigMapping} only when something injects it, and validates every {@code sidecar.*}
 * property against the registered ones. On a branch where the code that reads them is not there
 * yet, this test bean keeps their mappings registered so the application starts; where that code exists it is
 * redundant.
 */
@Unremovable
@ApplicationScoped
class ConfigRootsInUse {

    ConfigRootsInUse(DashboardConfig dashboard, DeliveryConfig delivery, HookConfig hook, StoreConfig store,
            WebhookConfig webhook) {
    }
}
