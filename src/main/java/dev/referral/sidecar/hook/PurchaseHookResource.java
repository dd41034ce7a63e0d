package dev.referral.sidecar.hook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import dev.referral.sidecar.RespondAsync;
import io.smallrye.mutiny.Uni;

/** {@code POST /purchase-hook}: one purchase or a batch of one customer's purchases. */
@Path("/purchase-hook")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseHookResource {

    private final PurchaseService purchases;

    PurchaseHookResource(PurchaseService purchases) {
        this.purchases = purchases;
    }

    /** Runs on the event loop: the commit and the immediate attempt are awaited without holding a thread. */
    @POST
    public Uni<RestResponse<PurchaseHookResponse>> purchase(@Valid @NotNull PurchaseHookRequest body,
            @HeaderParam(RespondAsync.PREFER) String prefer) {
        boolean async = RespondAsync.requested(prefer);
        return Uni.createFrom().completionStage(() -> purchases.purchase(body, async))
                .map(answer -> RespondAsync.answer(async, answer.status(), answer.body()));
    }
}
