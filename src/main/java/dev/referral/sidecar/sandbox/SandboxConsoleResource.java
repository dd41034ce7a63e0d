package dev.referral.sidecar.sandbox;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The sandbox console: one page and its script and style, served from the jar (no CDN, works offline). Served by
 * a resource rather than as static files so that the mode filter hides it in live mode like every
 * {@code /sandbox} path. The Content-Security-Policy allows this origin only, so the page cannot reach another.
 */
@Path("/sandbox")
public class SandboxConsoleResource {

    private static final String FOLDER = "sandbox-console/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final SandboxSettings settings;

    SandboxConsoleResource(SandboxSettings settings) {
        this.settings = settings;
    }

    @GET
    @Operation(hidden = true) // a page for people, not an API
    public Response page() {
        // The referral links' base, so the page shows the same links the emulator hands out.
        return answer(read("index.html").replace("{{site-url}}", escape(settings.siteUrl())),
                "text/html; charset=utf-8");
    }

    @GET
    @Operation(hidden = true) // a page for people, not an API
    @Path("console/{file}")
    public Response asset(@PathParam("file") String file) {
        String type = ASSETS.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        return answer(read(file), type);
    }

    private static Response answer(String body, String type) {
        return Response.ok(body, type).header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store").build();
    }

    private static String read(String file) {
        try (InputStream in = SandboxConsoleResource.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing console file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
