package dev.referral.sidecar.sandbox;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A customer's referral links under {@code /sandbox/v1}, as the official PHP SDK calls them. */
@Path("/sandbox/v1")
public class SandboxReferralLinkResource {

    private final ReferralLinkService links;

    SandboxReferralLinkResource(ReferralLinkService links) {
        this.links = links;
    }

    @GET
    @Path("customers/{key}/referral_links")
    public Response list(@PathParam("key") String key, @Context UriInfo uri, String body) {
        return Replies.run(() -> links.list(key,
                PageRequest.read(uri.getQueryParameters(), PartneroJson.parseInput(body)),
                uri.getAbsolutePath().toString()));
    }

    @POST
    @Path("customer_referral_links")
    public Response create(String body) {
        return Replies.run(() -> links.create(body));
    }

    /** {@code ?id=}, {@code ?key=} and the owner as {@code customer[id|key|email]} (PHP's query form) or a body. */
    @GET
    @Path("customer_referral_links{search: (?::|%3[aA])search}")
    public Response search(@Context UriInfo uri, String body) {
        return Replies.run(() -> {
            ObjectNode fields = PartneroJson.parseInput(body);
            MultivaluedMap<String, String> query = uri.getQueryParameters();
            return links.search(PageRequest.parameter(query, fields, "id"),
                    PageRequest.parameter(query, fields, "key"), owner(query, fields),
                    PageRequest.read(query, fields), uri.getAbsolutePath().toString());
        });
    }

    @GET
    @Path("customer_referral_links/{id}")
    public Response get(@PathParam("id") String id) {
        return Replies.run(() -> links.get(id));
    }

    @PUT
    @Path("customer_referral_links/{id}")
    public Response update(@PathParam("id") String id, String body) {
        return Replies.run(() -> links.update(id, body));
    }

    @DELETE
    @Path("customer_referral_links/{id}")
    public Response delete(@PathParam("id") String id) {
        return Replies.run(() -> links.delete(id));
    }

    /** The owning customer named in the query ({@code customer[id]}, {@code customer.id}) or the body; else null. */
    private static JsonNode owner(MultivaluedMap<String, String> query, ObjectNode body) {
        ObjectNode customer = PartneroJson.object();
        for (String field : new String[] {"id", "key", "email"}) {
            String value = query.getFirst("customer[" + field + "]") != null ? query.getFirst("customer[" + field + "]")
                    : query.getFirst("customer." + field);
            if (value != null) {
                customer.put(field, value);
            }
        }
        if (customer.isEmpty() && body.get("customer") instanceof ObjectNode given) {
            return given;
        }
        return customer.isEmpty() ? null : customer;
    }
}
