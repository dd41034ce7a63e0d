package dev.referral.sidecar.sandbox;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A customer's stats, balance and credits under {@code /sandbox/v1/customers/{key}}. */
@Tag(name = "Sandbox emulator")
@SecurityRequirement(name = "sandboxKey")
@Path("/sandbox/v1")
public class SandboxLedgerResource {

    private final LedgerService ledger;

    SandboxLedgerResource(LedgerService ledger) {
        this.ledger = ledger;
    }

    @GET
    @Path("customers/{key}/stats")
    public Response stats(@PathParam("key") String key) {
        return Replies.run(() -> ledger.stats(key));
    }

    @GET
    @Path("customers/{key}/balance")
    public Response balance(@PathParam("key") String key) {
        return Replies.run(() -> ledger.balance(key));
    }

    @POST
    @Path("customers/{key}/balance/credit")
    public Response credit(@PathParam("key") String key, String body) {
        return Replies.run(() -> ledger.credit(key, body));
    }
}
