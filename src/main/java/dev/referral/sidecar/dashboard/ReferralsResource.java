package dev.referral.sidecar.dashboard;

import java.util.ArrayList;
import java.util.List;

import dev.referral.sidecar.InvalidInput;
import dev.referral.sidecar.Problem;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /referrals/{key}}: the dashboard in one call. The key is checked against the key rule before anything
 * else, so an encoded {@code /}, {@code \}, {@code ?} or a leading {@code .} is a 400 and never reaches Partnero (a
 * {@code ;} is {@link MatrixParameterFilter}'s). An empty {@code limit=} or {@code page=} is taken as absent.
 */
@Tag(name = "Dashboard")
@Path("/referrals/{key}")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralsResource {

    static final int DEFAULT_LIMIT = 15;
    static final int MAX_LIMIT = 250;
    static final int FIRST_PAGE = 1;

    private final DashboardService dashboard;

    ReferralsResource(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    /** The body is the answer's JSON, serialised once (a cache hit serialises nothing); its schema is DashboardView. */
    @GET
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DashboardView.class)))
    public Uni<byte[]> view(@PathParam("key") String key, @QueryParam("limit") String limit,
            @QueryParam("page") String page) {
        List<Problem.FieldError> errors = invalid(key, limit, page);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return dashboard.view(new CustomerKey(key), number(limit, DEFAULT_LIMIT), number(page, FIRST_PAGE));
    }

    /**
     * The key rule and the two numbers, checked here by hand rather than by Bean Validation's method validation: this
     * is the sidecar's hottest endpoint, and the validation interceptor (constraint lookup, path nodes, parameter
     * names on every call) cost more CPU than the rest of a cache hit's own code. Same answer: every bad input named.
     */
    static List<Problem.FieldError> invalid(String key, String limit, String page) {
        List<Problem.FieldError> errors = new ArrayList<>(0);
        if (!KeyRule.valid(key)) {
            errors.add(new Problem.FieldError("key", KeyRule.MESSAGE));
        }
        if (!WholeNumber.valid(limit, 1, MAX_LIMIT)) {
            errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        if (!WholeNumber.valid(page, FIRST_PAGE, Integer.MAX_VALUE)) {
            errors.add(new Problem.FieldError("page", "must be a whole number of at least 1"));
        }
        return errors;
    }

    private static int number(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }
}
