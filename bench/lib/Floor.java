import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The floor of any JVM HTTP server on this machine, for bench/p99-floor.sh: one Vert.x server (the library the sidecar
 * runs on, from its own lib/) answering every request with a fixed JSON body, nothing else.
 * Usage: java -cp "bench/lib:target/quarkus-app/lib/main/*" Floor PORT
 */
public class Floor {
    public static void main(String[] args) {
        Buffer body = Buffer.buffer("{\"data\":{\"key\":\"alice\",\"balance\":0,\"referrals\":[]}}");
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(body))
                .listen(Integer.parseInt(args[0]), "127.0.0.1");
    }
}
