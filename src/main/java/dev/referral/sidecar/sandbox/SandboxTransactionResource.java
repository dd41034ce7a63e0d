package dev.referral.sidecar.sandbox;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Partnero's transaction calls under {@code /sandbox/v1} (PARTNERO.md section 2.2). */
@Tag(name = "Sandbox emulator")
@SecurityRequirement(name = "sandboxKey")
@Path("/sandbox/v1")
public class SandboxTransactionResource {

    private final TransactionService transactions;

    SandboxTransactionResource(TransactionService transactions) {
        this.transactions = transactions;
    }

    @POST
    @Path("transactions")
    public Response create(String body) {
        return Replies.run(() -> transactions.create(body));
    }

    @GET
    @Path("transactions/{tx}")
    public Response get(@PathParam("tx") String key) {
        return Replies.run(() -> transactions.get(key));
    }

    /** {@code ?key=} and the buyer's key, as {@code customer.key}, {@code customer[key]} or {@code customer_key}. */
    @GET
    @Path("transactions")
    public Response list(@Context UriInfo uri, String body) {
        return Replies.run(() -> {
            ObjectNode fields = PartneroJson.parseInput(body);
            MultivaluedMap<String, String> query = uri.getQueryParameters();
            String customer = query.getFirst("customer.key") != null ? query.getFirst("customer.key")
                    : query.getFirst("customer[key]") != null ? query.getFirst("customer[key]")
                    : query.getFirst("customer_key") != null ? query.getFirst("customer_key")
                    : fields.path("customer").hasNonNull("key") ? fields.path("customer").get("key").asText() : null;
            return transactions.list(PageRequest.parameter(query, fields, "key"), customer,
                    PageRequest.read(query, fields), uri.getAbsolutePath().toString());
        });
    }

    @DELETE
    @Path("transactions/{tx}")
    public Response delete(@PathParam("tx") String key) {
        return Replies.run(() -> transactions.delete(key, null));
    }

    /** The form the official WordPress plugin used: the key in the body. */
    @DELETE
    @Path("transactions")
    public Response deleteByBody(String body) {
        return Replies.run(() -> transactions.delete(null, body));
    }

    @POST
    @Path("transactions/{tx}/archive")
    public Response archive(@PathParam("tx") String key) {
        return Replies.run(() -> transactions.archive(key, true));
    }

    @POST
    @Path("transactions/{tx}/revoke-archive")
    public Response revokeArchive(@PathParam("tx") String key) {
        return Replies.run(() -> transactions.archive(key, false));
    }
}
