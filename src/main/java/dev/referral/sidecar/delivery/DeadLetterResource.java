package dev.referral.sidecar.delivery;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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

    /**
     * A page of dead letters, oldest first; when more follow, a {@code Link: <...?after=ID&limit=N>; rel="next"}
     * header (RFC 8288) gives the next page. A page at a time, so that thousands of dead letters (a feed Partnero
     * rejects) never have to fit in the heap at once.
     */
    @GET
    public RestResponse<List<DeadLetters.DeadLetter>> list(
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit,
            @QueryParam("after") @DefaultValue("0") @Min(0) long after) {
        DeadLetters.Page page = deadLetters.list(after, limit);
        RestResponse.ResponseBuilder<List<DeadLetters.DeadLetter>> answer =
                RestResponse.ResponseBuilder.ok(page.items());
        if (page.more()) {
            long last = page.items().get(page.items().size() - 1).id();
            answer.header("Link", "</admin/dead-letters?after=" + last + "&limit=" + limit + ">; rel=\"next\"");
        }
        return answer.build();
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
