package dev.referral.sidecar.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface's actual port in a {@code @QuarkusTest} (health, metrics). */
public final class ManagementPort {

    private ManagementPort() {
    }

    public static int get() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
