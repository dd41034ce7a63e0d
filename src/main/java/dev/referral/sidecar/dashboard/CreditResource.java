package dev.referral.sidecar.dashboard;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import dev.referral.sidecar.RespondAsync;

/** {@code POST /referrals/{key}/credit}: adds to a customer's reward balance. */
@Path("/referrals/{key}/credit")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CreditResource {

    private final CreditService credits;

    CreditResource(CreditService credits) {
        this.credits = credits;
    }

    @POST
    public RestResponse<CreditResponse> credit(@PathParam("key") @ValidKey String key,
            @Valid @NotNull CreditRequest body,
            @HeaderParam(RespondAsync.PREFER) String prefer) {
        CreditService.Answer answer = credits.credit(new CustomerKey(key), body, RespondAsync.requested(prefer));
        return RespondAsync.answer(RespondAsync.requested(prefer), answer.status(), answer.body());
    }
}
