package dev.referral.sidecar.dashboard;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.ValidKey;
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
    public Uni<byte[]> view(@PathParam("key") @ValidKey String key,
            @QueryParam("limit") @WholeNumber(min = 1, max = MAX_LIMIT) String limit,
            @QueryParam("page") @WholeNumber(min = FIRST_PAGE, max = Integer.MAX_VALUE,
                    message = "must be a whole number of at least 1") String page) {
        return dashboard.view(new CustomerKey(key), number(limit, DEFAULT_LIMIT), number(page, FIRST_PAGE));
    }

    private static int number(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }
}
