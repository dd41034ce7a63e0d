package floor;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** The stub's {@code POST /transactions} under the sidecar's write policy: breaker, timeout, bulkhead, a timer. */
@ApplicationScoped
public class Upstream {

    public record CustomerRef(String key) {
    }

    public record Transaction(CustomerRef customer, String key, BigDecimal amount, String action) {
    }

    @RegisterRestClient(configKey = "stub")
    public interface StubApi {

        @POST
        @Path("/transactions")
        Uni<JsonNode> create(Transaction body);
    }

    private final StubApi api;
    private final Timer timer;
    private final MeterRegistry registry;
    private final Guard guard = Guard.create()
            .withCircuitBreaker().name("floor-writes").requestVolumeThreshold(20).failureRatio(0.5)
            .delay(10, ChronoUnit.SECONDS).successThreshold(2).done()
            .withTimeout().duration(5, ChronoUnit.SECONDS).done()
            .withBulkhead().limit(8).queueSize(32).done()
            .build();

    Upstream(@RestClient StubApi api, MeterRegistry registry) {
        this.api = api;
        this.registry = registry;
        this.timer = Timer.builder("floor.stub.calls").tag("outcome", "success").register(registry);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    Uni<JsonNode> send(PurchaseHook.Purchase purchase) {
        Transaction body = new Transaction(new CustomerRef(purchase.customerKey()), purchase.key(), purchase.amount(),
                "sale");
        java.util.function.Supplier<Uni<JsonNode>> call = () -> Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return api.create(body).onTermination().invoke(() -> sample.stop(timer));
        });
        return guard.get((java.util.function.Supplier<Uni>) (java.util.function.Supplier) call, Uni.class);
    }
}
