import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The floor of a durable "accept, then forward" on this machine, for bench/p99-floor.sh: the least a purchase hook
 * can do, with none of the sidecar's code. A Vert.x server (the sidecar's own library, one event loop) hands each POST
 * body to one writer thread, which inserts it under a new key and commits whatever is queued in one transaction (SQLite
 * in WAL mode with synchronous=FULL, as the sidecar's store, or PostgreSQL); back on the event loop it POSTs the body to
 * the stub and answers with the stub's answer. No validation, no dedupe, no metrics, no delivered mark, no outbox.
 * Usage: java -cp "bench/lib:target/quarkus-app/lib/main/*" DurableFloor PORT STUB_PORT JDBC_URL [USER PASSWORD]
 */
public class DurableFloor {

    /** A request whose body waits for the commit; {@code then} runs on its event loop after it. */
    record Pending(String key, String body, Context context, Runnable then) {
    }

    public static void main(String[] args) throws SQLException {
        int port = Integer.parseInt(args[0]);
        int stub = Integer.parseInt(args[1]);
        BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        Connection c = open(args);
        Thread writer = new Thread(() -> write(c, queue), "floor-writer");
        writer.setDaemon(false);
        writer.start();
        // One event loop, as the sidecar ships (quarkus.vertx.event-loops-pool-size=1).
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(stub).setKeepAlive(true).setMaxPoolSize(32));
        String prefix = Long.toString(System.nanoTime(), 36) + "-";
        AtomicLong next = new AtomicLong();
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Context context = Vertx.currentContext();
            queue.add(new Pending(prefix + next.incrementAndGet(), body.toString(), context,
                    () -> forward(client, body, request)));
        })).listen(port, "127.0.0.1");
    }

    private static Connection open(String[] args) throws SQLException {
        String url = args[2];
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        Properties properties = new Properties();
        if (sqlite) {
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "FULL");
        } else {
            properties.setProperty("user", args[3]);
            properties.setProperty("password", args[4]);
        }
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS durable_floor");
            s.execute("CREATE TABLE durable_floor (id " + (sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                    : "BIGSERIAL PRIMARY KEY") + ", k TEXT NOT NULL UNIQUE, body TEXT NOT NULL)");
        }
        c.setAutoCommit(false);
        return c;
    }

    /** The writer: everything queued since the last commit, in one transaction. */
    private static void write(Connection c, BlockingQueue<Pending> queue) {
        List<Pending> group = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO durable_floor (k, body) VALUES (?, ?)")) {
            while (true) {
                group.add(queue.take());
                queue.drainTo(group);
                for (Pending p : group) {
                    insert.setString(1, p.key());
                    insert.setString(2, p.body());
                    insert.executeUpdate();
                }
                c.commit();
                group.forEach(p -> p.context().runOnContext(v -> p.then().run()));
                group.clear();
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void forward(HttpClient client, Buffer body, HttpServerRequest request) {
        client.request(HttpMethod.POST, "/transactions")
                .compose(out -> out.putHeader("content-type", "application/json").send(body))
                .compose(answer -> answer.body())
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        request.response().setStatusCode(201).putHeader("content-type", "application/json")
                                .end(answer.result());
                    } else {
                        request.response().setStatusCode(502).end();
                    }
                });
    }
}
