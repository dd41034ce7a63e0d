package dev.referral.sidecar.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /webhooks/partnero}: public (no {@code SIDECAR_TOKEN}), protected by its signature. The body is read
 * as raw bytes because the signature covers exactly those bytes.
 */
@Tag(name = "Webhooks")
@Path("/webhooks/partnero")
public class PartneroWebhookResource {

    private final WebhookReceiver receiver;

    PartneroWebhookResource(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public WebhookAck receive(byte[] body, @HeaderParam("Signature") String signature) {
        return receiver.receive(body, signature);
    }
}
