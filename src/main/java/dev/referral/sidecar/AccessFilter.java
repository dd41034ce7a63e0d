package dev.referral.sidecar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import dev.referral.sidecar.config.RuntimeMode;
import dev.referral.sidecar.config.SidecarConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Who may call what, before any resource runs: the mode decides which paths exist at all (the emulator only in
 * sandbox modes, nothing but the emulator in {@code sandbox-only}), and {@code SIDECAR_TOKEN}, when set, guards
 * every path except the public webhook receiver, the emulator's Partnero API and the sandbox console's files (health
 * and metrics live on the management port, outside this filter). {@code SIDECAR_ADMIN_TOKEN}, when set, is the only
 * key to {@code /admin/**}.
 */
public class AccessFilter {

    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String BEARER = "Bearer ";

    private final RuntimeMode mode;
    private final Optional<byte[]> token;
    private final Optional<byte[]> adminToken;

    AccessFilter(RuntimeMode mode, SidecarConfig config) {
        this.mode = mode;
        this.token = bytes(config.token());
        this.adminToken = bytes(config.adminToken());
    }

    private static Optional<byte[]> bytes(Optional<String> secret) {
        return secret.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean sandboxPath = path.equals("/sandbox") || path.startsWith("/sandbox/");
        if (sandboxPath ? !mode.sandboxServed() : !mode.sidecarServed()) {
            return Optional.of(Problem.of(ProblemType.NOT_FOUND, null).asResponse());
        }
        if (tooLarge(request)) {
            return Optional.of(Problem.tooLarge().asResponse());
        }
        boolean admin = path.equals("/admin") || path.startsWith("/admin/");
        boolean adminKey = admin && adminToken.isPresent();
        Optional<byte[]> required = adminKey ? adminToken : token;
        if (required.isEmpty() || isPublic(path)
                || authorized(request.getHeaderString(HttpHeaders.AUTHORIZATION), required.get())) {
            return Optional.empty();
        }
        String name = adminKey ? "SIDECAR_ADMIN_TOKEN" : "SIDECAR_TOKEN";
        return Optional.of(Response.status(401).type(Problem.MEDIA)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(ProblemType.UNAUTHORIZED, "Send Authorization: Bearer <" + name + ">"))
                .build());
    }

    private static boolean tooLarge(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isPublic(String path) {
        return path.equals("/webhooks/partnero") || path.startsWith("/sandbox/v1/") || path.equals("/sandbox/v1")
                || isConsoleFile(path);
    }

    /** The sandbox console's page, script and style hold no data: a browser must load them to be asked for the token. */
    private static boolean isConsoleFile(String path) {
        return path.equals("/sandbox") || path.equals("/sandbox/") || path.startsWith("/sandbox/console/");
    }

    private static boolean authorized(String header, byte[] expected) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }
}
