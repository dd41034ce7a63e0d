package floor;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One writer thread on one connection to the store the sidecar would use ({@code REFERRAL_STORE_URL}, with its user
 * and password for PostgreSQL): everything queued since its last commit is run and committed in one transaction
 * (SQLite in WAL mode with synchronous=FULL, as the sidecar's store, or PostgreSQL with its defaults), then each caller
 * resumes on its own event loop. With {@code FLOOR_MARK=true} each row is also marked delivered after the stub's
 * answer, without the caller waiting, the way the sidecar marks its outbox row: an update of a column that a partial
 * index's predicate reads (so never a HOT update on PostgreSQL), and a group of marks alone commits without waiting
 * for the flush.
 */
@Startup
@ApplicationScoped
public class FloorWriter {

    /** An insert (with {@code done}) or a mark (without). */
    private record Pending(String key, String customer, BigDecimal amount, Context context,
            CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final boolean marks;

    FloorWriter(@ConfigProperty(name = "referral.store.url", defaultValue = "jdbc:sqlite:floor.db") String url,
            @ConfigProperty(name = "referral.store.username") Optional<String> user,
            @ConfigProperty(name = "referral.store.password") Optional<String> password,
            @ConfigProperty(name = "floor.mark", defaultValue = "false") boolean marks) throws SQLException {
        this.marks = marks;
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        Properties properties = new Properties();
        if (sqlite) {
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "FULL");
        } else {
            properties.setProperty("user", user.orElse(""));
            properties.setProperty("password", password.orElse(""));
        }
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stack_floor");
            s.execute("CREATE TABLE stack_floor (id " + (sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                    : "BIGSERIAL PRIMARY KEY") + ", k TEXT NOT NULL UNIQUE, customer TEXT NOT NULL, amount TEXT, "
                    + "state TEXT NOT NULL DEFAULT 'PENDING')");
            s.execute("CREATE INDEX stack_floor_pending ON stack_floor (id) WHERE state = 'PENDING'");
        }
        c.setAutoCommit(false);
        Thread writer = new Thread(() -> write(c, !sqlite), "floor-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Completes on the caller's event loop once the row is committed. */
    CompletionStage<Void> insert(String key, String customer, BigDecimal amount) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(key, customer, amount, Vertx.currentContext(), done));
        return done;
    }

    /** With {@code FLOOR_MARK=true}: queues the row's delivered mark, which nobody waits for. */
    void delivered(String key) {
        if (marks) {
            queue.add(new Pending(key, null, null, null, null));
        }
    }

    private void write(Connection c, boolean postgresql) {
        List<Pending> group = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO stack_floor (k, customer, amount) VALUES (?, ?, ?)");
                PreparedStatement mark = c.prepareStatement(
                        "UPDATE stack_floor SET state = 'DELIVERED' WHERE k = ?");
                Statement unflushed = c.createStatement()) {
            while (true) {
                group.add(queue.take());
                queue.drainTo(group);
                boolean marksOnly = true;
                for (Pending p : group) {
                    if (p.done() == null) {
                        mark.setString(1, p.key());
                        mark.executeUpdate();
                    } else {
                        marksOnly = false;
                        insert.setString(1, p.key());
                        insert.setString(2, p.customer());
                        insert.setString(3, p.amount().toPlainString());
                        insert.executeUpdate();
                    }
                }
                if (marksOnly && postgresql) {
                    unflushed.execute("SET LOCAL synchronous_commit TO OFF");
                }
                c.commit();
                for (Pending p : group) {
                    if (p.done() != null) {
                        p.context().runOnContext(v -> p.done().complete(null));
                    }
                }
                group.clear();
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
