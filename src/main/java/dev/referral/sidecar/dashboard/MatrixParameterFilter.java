package dev.referral.sidecar.dashboard;

import java.util.List;
import java.util.Optional;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.referral.KeyRule;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The REST layer drops matrix parameters from the path, so {@code /referrals/alice;x} would read as the key
 * {@code alice}. No key contains {@code ;}: such a path is a bad key, refused on the raw path before any resource runs.
 */
class MatrixParameterFilter {

    private static final String REFERRALS = "/referrals/";

    @ServerRequestFilter
    public Optional<Response> refuse(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !path.startsWith(REFERRALS) || path.indexOf(';') < 0) {
            return Optional.empty();
        }
        return Optional.of(Problem.invalid(List.of(new Problem.FieldError("key", KeyRule.MESSAGE))).asResponse());
    }
}
