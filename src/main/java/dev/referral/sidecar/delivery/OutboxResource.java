package dev.referral.sidecar.delivery;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /admin/outbox}: the queue, read-only; behind {@code SIDECAR_TOKEN} like every non-public endpoint. */
@Tag(name = "Operations")
@SecurityRequirement(name = "adminToken")
@Path("/admin/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private final OutboxView view;

    OutboxResource(OutboxView view) {
        this.view = view;
    }

    @GET
    public OutboxView.Overview overview(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return view.overview(limit);
    }
}
