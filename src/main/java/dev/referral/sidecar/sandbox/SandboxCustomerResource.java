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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Partnero's customer calls under {@code /sandbox/v1} (PARTNERO.md section 2.1). Bodies arrive as text and are
 * parsed by the emulator itself, so no Bean Validation or problem mapper ever answers here. List calls take a body
 * on {@code GET} on purpose (RESTEasy warns at build time): Partnero's lists read {@code limit} and {@code page}
 * from the query or a JSON body.
 */
@Tag(name = "Sandbox emulator")
@SecurityRequirement(name = "sandboxKey")
@Path("/sandbox/v1")
public class SandboxCustomerResource {

    private final CustomerService customers;
    private final InviteService invites;

    SandboxCustomerResource(CustomerService customers, InviteService invites) {
        this.customers = customers;
        this.invites = invites;
    }

    @POST
    @Path("customers")
    public Response create(String body) {
        return Replies.run(() -> customers.create(body));
    }

    /** {@code GET /customers}: {@code limit}, {@code page} and {@code refer_status} from the query or the body. */
    @GET
    @Path("customers")
    public Response list(@Context UriInfo uri, String body) {
        return Replies.run(() -> {
            var fields = PartneroJson.parseInput(body);
            var query = uri.getQueryParameters();
            return customers.list(PageRequest.parameter(query, fields, "refer_status"),
                    PageRequest.read(query, fields), uri.getAbsolutePath().toString());
        });
    }

    /** The older update form: {@code PUT /customers} with {@code {key|id, update: {...}}}. */
    @PUT
    @Path("customers")
    public Response updateNamed(String body) {
        return Replies.run(() -> customers.updateNamed(body));
    }

    /** A friend invitation: recorded in the emulator's state, never sent. */
    @POST
    @Path("customers{invite: (?::|%3[aA])invite}")
    public Response invite(String body) {
        return Replies.run(() -> invites.invite(body));
    }

    @GET
    @Path("customers/{key}")
    public Response get(@PathParam("key") String key) {
        return Replies.run(() -> customers.get(key));
    }

    @PUT
    @Path("customers/{key}")
    public Response update(@PathParam("key") String key, String body) {
        return Replies.run(() -> customers.update(key, body));
    }

    @DELETE
    @Path("customers/{key}")
    public Response delete(@PathParam("key") String key) {
        return Replies.run(() -> customers.delete(key));
    }

    @POST
    @Path("customers/{key}/archive")
    public Response archive(@PathParam("key") String key) {
        return Replies.run(() -> customers.archive(key, true));
    }

    @POST
    @Path("customers/{key}/revoke-archive")
    public Response revokeArchive(@PathParam("key") String key) {
        return Replies.run(() -> customers.archive(key, false));
    }

    /**
     * {@code GET /customers:search?key=}: the colon is literal, but routing sees the raw path, so a client that
     * percent-encodes it ({@code %3A}) reaches this too.
     */
    @GET
    @Path("customers{search: (?::|%3[aA])search}")
    @Operation(hidden = true) // documented as /sandbox/v1/customers:search in META-INF/openapi.yaml
    public Response search(@Context UriInfo uri, String body) {
        return Replies.run(() -> {
            var fields = PartneroJson.parseInput(body);
            var query = uri.getQueryParameters();
            return customers.search(PageRequest.parameter(query, fields, "key"),
                    PageRequest.parameter(query, fields, "id"), PageRequest.parameter(query, fields, "email"),
                    PageRequest.read(query, fields), uri.getAbsolutePath().toString());
        });
    }

    @GET
    @Path("customers/{key}/referrals")
    public Response referrals(@PathParam("key") String key, @Context UriInfo uri, String body) {
        return Replies.run(() -> customers.referrals(key,
                PageRequest.read(uri.getQueryParameters(), PartneroJson.parseInput(body)),
                uri.getAbsolutePath().toString()));
    }
}
