package dev.referral.sidecar.hook;

import dev.referral.sidecar.IdempotencyKeyHeader;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.referral.sidecar.RespondAsync;
import io.smallrye.mutiny.Uni;

/** {@code POST /purchase-hook}: one purchase or a batch of one customer's purchases. */
@Tag(name = "Hooks")
@Path("/purchase-hook")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseHookResource {

    private final PurchaseService purchases;
    private final IdempotencyKeyHeader idempotencyKey;

    PurchaseHookResource(PurchaseService purchases, IdempotencyKeyHeader idempotencyKey) {
        this.purchases = purchases;
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * The body is validated by {@link IdempotencyKeyHeader#merge}, once the header's key is in it. Runs on the event
     * loop: the commit and the immediate attempt are awaited without holding a thread.
     */
    @POST
    public Uni<RestResponse<PurchaseHookResponse>> purchase(@HeaderParam(IdempotencyKeyHeader.NAME) String key,
            @HeaderParam(RespondAsync.PREFER) String prefer, @NotNull PurchaseHookRequest body) {
        boolean async = RespondAsync.requested(prefer);
        PurchaseHookRequest request = idempotencyKey.merge(key, body);
        return Uni.createFrom().completionStage(() -> purchases.purchase(request, async))
                .map(answer -> RespondAsync.answer(async, answer.status(), answer.body()));
    }
}
