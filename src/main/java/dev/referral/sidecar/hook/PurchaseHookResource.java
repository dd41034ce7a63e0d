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

    /** The body is validated by {@link IdempotencyKeyHeader#merge}, once the header's key is in it. */
    @POST
    public RestResponse<PurchaseHookResponse> purchase(@HeaderParam(IdempotencyKeyHeader.NAME) String key,
            @NotNull PurchaseHookRequest body) {
        HookAnswer<PurchaseHookResponse> answer = purchases.purchase(idempotencyKey.merge(key, body));
        return RestResponse.status(RestResponse.Status.fromStatusCode(answer.status()), answer.body());
    }
}
