package floor;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One writer thread on one connection of whichever datasource is active: everything queued since its last commit is
 * inserted and committed in one transaction (SQLite in WAL mode with synchronous=FULL, as the sidecar's store, or
 * PostgreSQL with its defaults), then each caller resumes on its own event loop.
 */
@Startup
@ApplicationScoped
public class FloorWriter {

    private record Pending(String key, String customer, BigDecimal amount, Context context,
            CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

    FloorWriter(@DataSource("sqlite") InjectableInstance<AgroalDataSource> sqlite,
            @DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresql,
            @ConfigProperty(name = "quarkus.datasource.postgresql.active") boolean onPostgresql) throws SQLException {
        boolean onSqlite = !onPostgresql;
        Connection c = (onSqlite ? sqlite : postgresql).get().getConnection();
        try (Statement s = c.createStatement()) {
            if (onSqlite) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
            }
            s.execute("DROP TABLE IF EXISTS stack_floor");
            s.execute("CREATE TABLE stack_floor (id " + (onSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                    : "BIGSERIAL PRIMARY KEY") + ", k TEXT NOT NULL UNIQUE, customer TEXT NOT NULL, amount TEXT)");
        }
        c.setAutoCommit(false);
        Thread writer = new Thread(() -> write(c), "floor-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Completes on the caller's event loop once the row is committed. */
    CompletionStage<Void> insert(String key, String customer, BigDecimal amount) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(key, customer, amount, Vertx.currentContext(), done));
        return done;
    }

    private void write(Connection c) {
        List<Pending> group = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO stack_floor (k, customer, amount) VALUES (?, ?, ?)")) {
            while (true) {
                group.add(queue.take());
                queue.drainTo(group);
                for (Pending p : group) {
                    insert.setString(1, p.key());
                    insert.setString(2, p.customer());
                    insert.setString(3, p.amount().toPlainString());
                    insert.executeUpdate();
                }
                c.commit();
                for (Pending p : group) {
                    p.context().runOnContext(v -> p.done().complete(null));
                }
                group.clear();
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
