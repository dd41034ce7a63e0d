package dev.referral.sidecar.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.config.RuntimeMode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Wraps every call to {@code /sandbox/v1}: the "before" faults (latency, hang, rate limit, error), then Partnero's
 * Bearer check; after the resource, the "after commit" faults (delay, drop, status) and the request log. Runs
 * after the root {@code AccessFilter}, which already hides {@code /sandbox} in live mode.
 */
public class SandboxApiFilter {

    private static final String API = "/sandbox/v1";
    private static final String BEARER = "Bearer ";
    private static final String STARTED = SandboxApiFilter.class.getName() + ".started";
    private static final String DECISION = SandboxApiFilter.class.getName() + ".decision";
    private static final String ANSWERED_BY_FAULT = SandboxApiFilter.class.getName() + ".fault";
    private static final String UNANSWERED = SandboxApiFilter.class.getName() + ".unanswered";

    private final RuntimeMode mode;
    private final Faults faults;
    private final SandboxSettings settings;
    private final RequestLog log;
    private final Clock clock;

    SandboxApiFilter(RuntimeMode mode, Faults faults, SandboxSettings settings, RequestLog log, Clock clock) {
        this.mode = mode;
        this.faults = faults;
        this.settings = settings;
        this.log = log;
        this.clock = clock;
    }

    /**
     * For every call that is not to the emulator, both filters return no {@code Uni} at all: RESTEasy Reactive skips
     * a {@code null} one at once, where even a resolved {@code Uni} suspends and resumes the request and captures its
     * context (measured: about a tenth of what a dashboard hit allocated).
     */
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public Uni<Response> before(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!emulated(path)) {
            return null;
        }
        request.setProperty(STARTED, clock.instant());
        FaultDecision decision = faults.select(request.getMethod(), path.substring("/sandbox".length()));
        request.setProperty(DECISION, decision);
        return delay(decision.latencyMs()).onItem().transformToUni(ignored -> answerEarly(request, http, decision));
    }

    private Uni<Response> answerEarly(ContainerRequestContext request, HttpServerRequest http,
            FaultDecision decision) {
        if (decision.hang()) {
            return faults.hang().map(released -> {
                drop(request, http);
                return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
            });
        }
        Optional<Response> fault = FaultResponses.before(decision, clock.instant());
        if (fault.isPresent()) {
            request.setProperty(ANSWERED_BY_FAULT, true);
            return Uni.createFrom().item(fault.get());
        }
        if (!authorized(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Uni.createFrom().item(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(PartneroJson.write(PartneroJson.message("Unauthenticated."))).build());
        }
        return Uni.createFrom().nullItem();
    }

    @ServerResponseFilter
    public Uni<Void> after(ContainerRequestContext request, ContainerResponseContext response,
            HttpServerRequest http) {
        if (!emulated(request.getUriInfo().getPath())) {
            return null;
        }
        translateProblem(response);
        // Both are missing when an earlier filter answered before this one ran.
        Instant started = request.getProperty(STARTED) instanceof Instant at ? at : clock.instant();
        FaultDecision decision = request.getProperty(DECISION) instanceof FaultDecision d ? d : FaultDecision.NONE;
        Optional<FaultRule.AfterCommit> after = request.getProperty(ANSWERED_BY_FAULT) != null
                || request.getProperty(UNANSWERED) != null ? Optional.empty() : decision.afterCommit();
        return delay(after.map(FaultRule.AfterCommit::delayMs).orElse(0L)).invoke(() -> {
            after.ifPresent(a -> {
                if (a.drop()) {
                    drop(request, http);
                } else if (a.status() != null) {
                    Response error = FaultResponses.error(a.status(), decision.rule().errorBody());
                    response.setStatus(a.status());
                    response.setEntity(error.getEntity(), null, error.getMediaType());
                }
            });
            Integer status = request.getProperty(UNANSWERED) != null ? null : response.getStatus();
            log.add(new LoggedRequest(request.getMethod(), request.getUriInfo().getPath(), status, started,
                    Duration.between(started, clock.instant()).toMillis()));
        });
    }

    private boolean emulated(String path) {
        return mode.sandboxServed() && (path.equals(API) || path.startsWith(API + "/"));
    }

    private static Uni<Void> delay(long millis) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return millis <= 0 ? now : now.onItem().delayIt().by(Duration.ofMillis(millis));
    }

    /** Closes the connection without an answer: the client sees a reset, as after a lost response. */
    private static void drop(ContainerRequestContext request, HttpServerRequest http) {
        request.setProperty(UNANSWERED, true);
        http.connection().close();
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String token = header.substring(BEARER.length()).trim();
        return settings.apiKey()
                .map(key -> MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8)))
                .orElse(!token.isEmpty());
    }

    /**
     * Defence in depth: should the framework or the root filter answer an emulator call with problem details, the
     * body is rewritten to Laravel's {@code {"message"}} so clients never learn to parse a shape Partnero lacks.
     */
    private static void translateProblem(ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem) {
            String message = problem.status() == 404 ? "Not found."
                    : problem.status() >= 500 ? "Server Error" : problem.title() + ".";
            response.setEntity(PartneroJson.write(PartneroJson.message(message)), null,
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
