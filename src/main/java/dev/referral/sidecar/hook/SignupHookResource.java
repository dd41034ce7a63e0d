package dev.referral.sidecar.hook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.referral.sidecar.RespondAsync;
import io.smallrye.mutiny.Uni;

/** {@code POST /signup-hook}: called by the application for every sign-up, with the browser's Cookie header. */
@Tag(name = "Hooks")
@Path("/signup-hook")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignupHookResource {

    private final SignupService signups;

    SignupHookResource(SignupService signups) {
        this.signups = signups;
    }

    /** Runs on the event loop: the commit and the immediate attempt are awaited without holding a thread. */
    @POST
    public Uni<RestResponse<SignupHookResponse>> signup(@Valid @NotNull SignupHookRequest body,
            @HeaderParam(RespondAsync.PREFER) String prefer,
            @Context HttpHeaders headers) {
        // HTTP/2 may split cookies over several headers; together they are one Cookie header.
        java.util.List<String> cookies = headers.getRequestHeader(HttpHeaders.COOKIE);
        String cookie = cookies == null || cookies.isEmpty() ? null : String.join("; ", cookies);
        boolean async = RespondAsync.requested(prefer);
        return Uni.createFrom().completionStage(() -> signups.signup(body, cookie, async))
                .map(answer -> RespondAsync.answer(async, answer.status(), answer.body()));
    }
}
