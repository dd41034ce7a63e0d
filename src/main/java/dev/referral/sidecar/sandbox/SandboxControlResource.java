package dev.referral.sidecar.sandbox;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The emulator's own control endpoints (PARTNERO.md section 7.3): the sidecar's conventions apply here (token,
 * problem details), not Partnero's.
 */
@Tag(name = "Sandbox emulator")
@SecurityRequirementsSet
@Path("/sandbox")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControlResource {

    private final SandboxStore store;
    private final Faults faults;
    private final RequestLog requests;
    private final WebhookDeliveryLog deliveries;

    SandboxControlResource(SandboxStore store, Faults faults, RequestLog requests, WebhookDeliveryLog deliveries) {
        this.store = store;
        this.faults = faults;
        this.requests = requests;
        this.deliveries = deliveries;
    }

    /**
     * Clears state, faults (releasing hung requests), the request log and the webhook delivery log; re-registers the
     * configured webhook.
     */
    @POST
    @Path("reset")
    public void reset() {
        faults.clear();
        store.reset();
        requests.clear();
        deliveries.clear();
    }

    /** The whole state, customer keys and webhook secrets included. */
    @GET
    @Path("state")
    public StateSnapshot state() {
        return store.snapshot();
    }

    @GET
    @Path("requests")
    public RequestList requests() {
        return new RequestList(requests.entries());
    }

    /** The last webhook delivery attempts, oldest first. */
    @GET
    @Path("webhook-deliveries")
    public DeliveryList webhookDeliveries() {
        return new DeliveryList(deliveries.entries());
    }

    /** The request log, oldest first. */
    public record RequestList(List<LoggedRequest> requests) {
    }

    /** The webhook delivery log, oldest first. */
    public record DeliveryList(List<WebhookAttempt> deliveries) {
    }
}
