package dev.referral.sidecar.partnero;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.config.PartneroConfig;
import dev.referral.sidecar.config.RuntimeMode;
import dev.referral.sidecar.config.SandboxConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Builds the one {@link PartneroApi} from the mode decided at run time (PARTNERO.md 7.1): live → {@code PARTNERO_URL}
 * with the program key; sandbox → the emulator in this process, over real HTTP, with {@code SANDBOX_API_KEY} or
 * {@code sandbox}. The bean is application scoped, so it is built on first use, when the HTTP port (random in tests)
 * is known.
 */
@Singleton
class PartneroApiProducer {

    static final String SANDBOX_DEFAULT_KEY = "sandbox";

    @Produces
    @ApplicationScoped
    PartneroApi partneroApi(RuntimeMode mode, PartneroConfig partnero, SandboxConfig sandbox, HttpServer http,
            ObjectMapper json, Clock clock) {
        URI base = mode.live() ? partnero.url() : URI.create("http://127.0.0.1:" + http.getPort() + "/sandbox/v1");
        String key = mode.live() ? partnero.apiKey().orElseThrow()
                : sandbox.apiKey().filter(k -> !k.isBlank()).orElse(SANDBOX_DEFAULT_KEY);
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(partnero.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(partnero.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .register(new PartneroErrors(json, clock), PartneroErrors.PRIORITY)
                .register(new Bearer(key))
                .build(PartneroApi.class);
    }

    /** Attaches the key and asks for JSON on every request, so Laravel never answers with a redirect or a page. */
    private static final class Bearer implements ClientRequestFilter {

        private final String authorization;

        Bearer(String key) {
            this.authorization = "Bearer " + key;
        }

        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }

        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }
}
