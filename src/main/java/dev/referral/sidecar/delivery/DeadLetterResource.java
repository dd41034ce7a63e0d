package dev.referral.sidecar.delivery;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Operators' view of dead letters; behind {@code SIDECAR_TOKEN} like every non-public endpoint. */
@Tag(name = "Dead letters")
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    public List<DeadLetters.DeadLetter> list() {
        return deadLetters.list();
    }

    @POST
    @Path("/{id}/retry")
    public RestResponse<Void> retry(@PathParam("id") long id, @QueryParam("confirm") String confirm) {
        deadLetters.retry(id, java.util.Optional.ofNullable(confirm));
        return RestResponse.accepted();
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> discard(@PathParam("id") long id) {
        deadLetters.discard(id);
        return RestResponse.noContent();
    }
}
