package dev.referral.sidecar.dashboard;

import dev.referral.sidecar.IdempotencyKeyHeader;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.referral.sidecar.RespondAsync;

/** {@code POST /referrals/{key}/credit}: adds to a customer's reward balance. */
@Tag(name = "Dashboard")
@Path("/referrals/{key}/credit")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CreditResource {

    private final CreditService credits;
    private final IdempotencyKeyHeader idempotencyKey;

    CreditResource(CreditService credits, IdempotencyKeyHeader idempotencyKey) {
        this.credits = credits;
        this.idempotencyKey = idempotencyKey;
    }

    /** The body is validated by {@link IdempotencyKeyHeader#merge}, once the header's key is in it. */
    @POST
    public RestResponse<CreditResponse> credit(@PathParam("key") @ValidKey String key,
            @HeaderParam(IdempotencyKeyHeader.NAME) String headerKey, @HeaderParam(RespondAsync.PREFER) String prefer,
            @NotNull CreditRequest body) {
        CreditService.Answer answer = credits.credit(new CustomerKey(key), idempotencyKey.merge(headerKey, body),
                RespondAsync.requested(prefer));
        return RespondAsync.answer(RespondAsync.requested(prefer), answer.status(), answer.body());
    }
}
