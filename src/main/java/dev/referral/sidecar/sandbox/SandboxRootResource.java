package dev.referral.sidecar.sandbox;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /sandbox/v1/test}, the credential check, and Laravel's 404 for every path the emulator does not know,
 * so an unknown path is answered here rather than by the application's problem mapper.
 */
@Tag(name = "Sandbox emulator")
@SecurityRequirement(name = "sandboxKey")
@Path("/sandbox/v1")
// Unknown paths answer Partnero's 404; they are no operations of the document.
public class SandboxRootResource {

    @GET
    @Path("test")
    public Response test() {
        return Replies.run(() -> Reply.ok(PartneroJson.object().put("mode", "sandbox")));
    }

    @GET
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownGet() {
        return notFound();
    }

    @POST
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPost() {
        return notFound();
    }

    @PUT
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPut() {
        return notFound();
    }

    @PATCH
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPatch() {
        return notFound();
    }

    @DELETE
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownDelete() {
        return notFound();
    }

    private static Response notFound() {
        return Replies.run(() -> {
            throw ApiError.notFound("Not found.");
        });
    }
}
