package dev.referral.sidecar.hook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code POST /purchase-hook}: one purchase or a batch of one customer's purchases. */
@Path("/purchase-hook")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseHookResource {

    private final PurchaseService purchases;

    PurchaseHookResource(PurchaseService purchases) {
        this.purchases = purchases;
    }

    @POST
    public RestResponse<PurchaseHookResponse> purchase(@Valid @NotNull PurchaseHookRequest body) {
        HookAnswer<PurchaseHookResponse> answer = purchases.purchase(body);
        return RestResponse.status(RestResponse.Status.fromStatusCode(answer.status()), answer.body());
    }
}
