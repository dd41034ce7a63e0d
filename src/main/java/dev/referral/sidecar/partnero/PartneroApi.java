package dev.referral.sidecar.partnero;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Partnero paths the sidecar uses (PARTNERO.md section 2), relative to the base URL. Keys travel as
 * {@code @PathParam}, so each is one encoded segment. Built by {@link PartneroApiProducer}, which attaches the base
 * URL, the Bearer key, timeouts and the error mapping; only {@link PartneroClient} calls it.
 */
@RegisterRestClient(configKey = "partnero")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PartneroApi {

    @POST
    @Path("/customers")
    Uni<Envelope<Customer>> createCustomer(NewCustomer body);

    @GET
    @Path("/customers/{key}")
    Uni<Envelope<Customer>> customer(@PathParam("key") String key);

    @GET
    @Path("/customers/{key}/stats")
    Uni<Envelope<JsonNode>> stats(@PathParam("key") String key);

    @GET
    @Path("/customers/{key}/balance")
    Uni<Envelope<JsonNode>> balance(@PathParam("key") String key);

    @GET
    @Path("/customers/{key}/referrals")
    Uni<ReferralPage> referrals(@PathParam("key") String key, @QueryParam("limit") int limit,
            @QueryParam("page") int page);

    @POST
    @Path("/customers/{key}/balance/credit")
    Uni<Envelope<JsonNode>> credit(@PathParam("key") String key, NewCredit body);

    @POST
    @Path("/transactions")
    Uni<Envelope<Transaction>> createTransaction(NewTransaction body);

    @GET
    @Path("/transactions/{tx}")
    Uni<Envelope<Transaction>> transaction(@PathParam("tx") String key);

    /** The key goes in the path and in the body, as the PHP SDK sends it (2.2). */
    @DELETE
    @Path("/transactions/{tx}")
    Uni<Void> deleteTransaction(@PathParam("tx") String key, KeyBody body);

    @GET
    @Path("/test")
    Uni<Envelope<JsonNode>> test();

    /** Partnero's success envelope {@code {"data": ..., "status": 1}}; {@code status} may be missing. */
    record Envelope<T>(T data, Integer status) {
    }

    /** {@code {"key": ...}}: the body of a delete. */
    record KeyBody(String key) {
    }
}
