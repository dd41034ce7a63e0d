package dev.referral.sidecar.sandbox;

import java.util.function.Supplier;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one way emulator resources answer: every failure becomes a Partnero-shaped body here, so nothing reaches the
 * application's problem mapper (PARTNERO.md section 7.1: {@code /sandbox/v1/**} answers exactly like Partnero).
 */
final class Replies {

    private Replies() {
    }

    static Response run(Supplier<Reply> call) {
        Reply reply;
        try {
            reply = call.get();
        } catch (ApiError e) {
            reply = new Reply(e.status(), e.body());
        } catch (RuntimeException e) {
            // Our own bug: logged once here, answered like Laravel's production 500.
            Log.errorf(e, "Sandbox emulator failed on %s", e.getClass().getSimpleName());
            reply = new Reply(500, PartneroJson.message("Server Error"));
        }
        return Response.status(reply.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(PartneroJson.write(reply.body())).build();
    }
}
