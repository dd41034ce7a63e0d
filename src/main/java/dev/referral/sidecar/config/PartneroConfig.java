package dev.referral.sidecar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The upstream: where Partnero is, with which key, and how long a single HTTP exchange may take. */
@ConfigMapping(prefix = "sidecar.partnero")
public interface PartneroConfig {

    /** Program API key ({@code PARTNERO_API_KEY}); unset selects sandbox mode in {@code auto}. */
    Optional<String> apiKey();

    /** Upstream base URL in live mode ({@code PARTNERO_URL}). */
    @WithDefault("https://api.partnero.com/v1")
    URI url();

    /** TCP connect timeout of the REST client. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Read timeout of the REST client: the longest any single exchange may take. */
    @WithDefault("10s")
    Duration readTimeout();
}
