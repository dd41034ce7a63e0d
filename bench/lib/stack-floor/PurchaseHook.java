package floor;

import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/**
 * The stack floor's purchase hook (bench/durable-floor.sh, STACK=1): the sidecar's framework for one purchase and
 * nothing of its own code. A JSON body read by Jackson and validated by Hibernate Validator, a durable insert by one
 * writer thread (awaited without holding a thread), one REST client call to the stub under a fault-tolerance guard
 * with a call timer, and a JSON answer. No dedupe, no outbox states, no lane, and no delivered mark unless
 * {@code FLOOR_MARK=true} ({@link FloorWriter#delivered}).
 */
@Path("/purchase-hook")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseHook {

    public record Purchase(@NotBlank String customerKey, @NotBlank String key, @NotNull @Positive BigDecimal amount) {
    }

    public record Answer(String key, String status) {
    }

    private final FloorWriter writer;
    private final Upstream upstream;

    PurchaseHook(FloorWriter writer, Upstream upstream) {
        this.writer = writer;
        this.upstream = upstream;
    }

    @POST
    public Uni<RestResponse<Answer>> purchase(@Valid @NotNull Purchase body) {
        return Uni.createFrom().completionStage(() -> writer.insert(body.key(), body.customerKey(), body.amount()))
                .chain(() -> upstream.send(body))
                .invoke(() -> writer.delivered(body.key()))
                .map(sent -> RestResponse.status(RestResponse.Status.CREATED, new Answer(body.key(), "delivered")));
    }
}
