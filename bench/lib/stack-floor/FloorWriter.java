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
 * for the flush. With {@code FLOOR_OUTBOX=true} (PostgreSQL) the table has the outbox's columns and indexes, each insert
 * takes its lane's advisory lock first and the mark writes what the sidecar's does.
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
            @ConfigProperty(name = "floor.mark", defaultValue = "false") boolean marks,
            @ConfigProperty(name = "floor.outbox", defaultValue = "false") boolean outbox) throws SQLException {
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
        if (outbox && sqlite) {
            throw new IllegalStateException("FLOOR_OUTBOX=true needs PostgreSQL");
        }
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stack_floor");
            if (outbox) {
                createOutbox(s);
            } else {
                s.execute("CREATE TABLE stack_floor (id " + (sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                        : "BIGSERIAL PRIMARY KEY") + ", k TEXT NOT NULL UNIQUE, customer TEXT NOT NULL, amount TEXT, "
                        + "state TEXT NOT NULL DEFAULT 'PENDING')");
                s.execute("CREATE INDEX stack_floor_pending ON stack_floor (id) WHERE state = 'PENDING'");
            }
        }
        c.setAutoCommit(false);
        Thread writer = new Thread(() -> write(c, !sqlite, outbox ? OUTBOX_SQL : PLAIN_SQL), "floor-writer");
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

    /** The insert (key, customer, amount) and the mark (key) of the plain table. */
    private static final String[] PLAIN_SQL = { "INSERT INTO stack_floor (k, customer, amount) VALUES (?, ?, ?)",
            "UPDATE stack_floor SET state = 'DELIVERED' WHERE k = ?" };
    /**
     * The same on the outbox's shape: the lane's lock sent with the insert (customer; key, customer, amount, customer,
     * amount), the mark (key) as the sidecar writes it.
     */
    private static final String[] OUTBOX_SQL = {
            "SELECT pg_advisory_xact_lock(hashtext(?)); INSERT INTO stack_floor (operation, dedupe_key, lane, payload, "
                    + "fingerprint, state, maybe_sent, next_attempt_at, claimed_by, claimed_until, created_at, "
                    + "updated_at) VALUES ('PURCHASE', ?, ?, '{\"amount\":' || ? || '}', ? || '|sale|' || ?, "
                    + "'PENDING', 1, 0, 'floor', 0, 0, 0)",
            "UPDATE stack_floor SET state = 'DELIVERED', result = '{}', claimed_by = NULL, claimed_until = NULL, "
                    + "updated_at = 1 WHERE operation = 'PURCHASE' AND dedupe_key = ?" };

    /** The outbox's columns and indexes (src/main/resources/db/migration, PostgreSQL), without its trigger. */
    private static void createOutbox(Statement s) throws SQLException {
        s.execute("CREATE TABLE stack_floor (id BIGSERIAL PRIMARY KEY, operation VARCHAR(16) NOT NULL, "
                + "dedupe_key VARCHAR(255) NOT NULL, lane VARCHAR(300), payload TEXT NOT NULL, "
                + "fingerprint VARCHAR(512) NOT NULL, state VARCHAR(16) NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
                + "maybe_sent INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, claimed_by VARCHAR(64), "
                + "claimed_until BIGINT, dead_reason VARCHAR(32), last_error VARCHAR(500), result TEXT, "
                + "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, parked INTEGER NOT NULL DEFAULT 0)");
        s.execute("CREATE UNIQUE INDEX stack_floor_dedupe ON stack_floor (operation, dedupe_key)");
        s.execute("CREATE INDEX stack_floor_lane_open ON stack_floor (lane, id) WHERE state IN ('PENDING', 'DEAD')");
        s.execute("CREATE INDEX stack_floor_pending ON stack_floor (parked, next_attempt_at, id) "
                + "WHERE state = 'PENDING'");
        s.execute("CREATE INDEX stack_floor_dead ON stack_floor (id) WHERE state = 'DEAD'");
        s.execute("CREATE INDEX stack_floor_relays ON stack_floor (operation, next_attempt_at, id) "
                + "WHERE state = 'PENDING' AND operation = 'RELAY'");
    }

    private static void bind(PreparedStatement insert, boolean outbox, Pending p) throws SQLException {
        String amount = p.amount().toPlainString();
        String[] values = outbox ? new String[] { p.customer(), p.key(), p.customer(), amount, p.customer(), amount }
                : new String[] { p.key(), p.customer(), amount };
        for (int i = 0; i < values.length; i++) {
            insert.setString(i + 1, values[i]);
        }
    }

    private void write(Connection c, boolean postgresql, String[] sql) {
        List<Pending> group = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(sql[0]);
                PreparedStatement mark = c.prepareStatement(sql[1]);
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
                        bind(insert, sql == OUTBOX_SQL, p);
                        insert.execute();
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
