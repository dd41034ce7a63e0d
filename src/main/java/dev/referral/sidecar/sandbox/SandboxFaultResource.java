package dev.referral.sidecar.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET}/{@code POST}/{@code DELETE /sandbox/faults} (PARTNERO.md section 7.7). */
@Tag(name = "Sandbox emulator")
@SecurityRequirementsSet
@Path("/sandbox/faults")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxFaultResource {

    private final Faults faults;
    private final SandboxSettings settings;

    SandboxFaultResource(Faults faults, SandboxSettings settings) {
        this.faults = faults;
        this.settings = settings;
    }

    @GET
    public Response get() {
        return json(faults.view());
    }

    /** Replaces the whole set; an invalid body is a 400 and keeps the old set. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response replace(String body) {
        faults.replace(FaultParser.parse(body, settings.seed()));
        return json(faults.view());
    }

    /** Clears the set and releases hung requests. */
    @DELETE
    public void clear() {
        faults.clear();
    }

    private static Response json(ObjectNode view) {
        return Response.ok(PartneroJson.write(view), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
