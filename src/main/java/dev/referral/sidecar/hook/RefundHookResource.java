package dev.referral.sidecar.hook;

import jakarta.validation.Valid;
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

/** {@code POST /refund-hook}: reverses a purchase. */
@Tag(name = "Hooks")
@Path("/refund-hook")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RefundHookResource {

    private final RefundService refunds;

    RefundHookResource(RefundService refunds) {
        this.refunds = refunds;
    }

    @POST
    public RestResponse<RefundHookResponse> refund(@Valid @NotNull RefundHookRequest body,
            @HeaderParam(RespondAsync.PREFER) String prefer) {
        HookAnswer<RefundHookResponse> answer = refunds.refund(body, RespondAsync.requested(prefer));
        return RespondAsync.answer(RespondAsync.requested(prefer), answer.status(), answer.body());
    }
}
