package dev.referral.sidecar.sandbox;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Partnero's webhook CRUD under {@code /sandbox/v1/webhooks}. */
@Tag(name = "Sandbox emulator")
@SecurityRequirement(name = "sandboxKey")
@Path("/sandbox/v1")
public class SandboxWebhookResource {

    private final WebhookService webhooks;

    SandboxWebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @GET
    @Path("webhooks")
    public Response list(@Context UriInfo uri, String body) {
        return Replies.run(() -> webhooks.list(
                PageRequest.read(uri.getQueryParameters(), PartneroJson.parseInput(body)),
                uri.getAbsolutePath().toString()));
    }

    @POST
    @Path("webhooks")
    public Response create(String body) {
        return Replies.run(() -> webhooks.create(body));
    }

    @GET
    @Path("webhooks/{wh}")
    public Response get(@PathParam("wh") String key) {
        return Replies.run(() -> webhooks.get(key));
    }

    @PUT
    @Path("webhooks/{wh}")
    public Response update(@PathParam("wh") String key, String body) {
        return Replies.run(() -> webhooks.update(key, body));
    }

    @DELETE
    @Path("webhooks/{wh}")
    public Response delete(@PathParam("wh") String key) {
        return Replies.run(() -> webhooks.delete(key));
    }
}
