package dev.referral.sidecar.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * What the hourly retention prune costs the store's writer, by table size: the single {@code DELETE ... WHERE state
 * IN (finished) AND updated_at < ?} the sidecar ran until 2026-11-30 against this build's walk ({@link OutboxUpkeep}:
 * windows of 1,000 rows read on a reader, each window's old finished rows deleted in a write of its own). The table
 * holds N delivered purchases accepted evenly over the retention period plus one hour, so one prune deletes the
 * oldest hour, as the hourly task does in a steady state. Run by {@code bench/retention-prune.sh}, not by the tests.
 */
final class PruneBench {

    private static final long HOUR = 3_600_000L;
    private static final long RETENTION = 30 * 24 * HOUR;
    private static final long NOW = RETENTION + HOUR + 1;
    /** A purchase's payload as the intake stores it (about 120 bytes). */
    private static final String PAYLOAD = "'{\"customer\":\"customer_' || (i % 5000) || '\",\"key\":\"order_' || i || "
            + "'\",\"amount\":100.00,\"action\":\"sale\",\"referrer\":null}'";

    private PruneBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {100_000, 1_000_000};
        System.out.printf("%-10s %9s %8s | %16s | %18s %16s %12s %9s%n", "store", "rows", "deleted",
                "one DELETE ms", "walk: longest write", "writes ms total", "reads ms", "rows read");
        List<String> stores = new ArrayList<>(List.of("sqlite"));
        if (System.getenv("SIDECAR_TEST_PG_URL") != null) {
            stores.add("postgresql");
        }
        for (String datasource : stores) {
            for (int size : sizes) {
                measure(datasource, size);
            }
        }
    }

    private static void measure(String datasource, int size) throws Exception {
        Path dir = Files.createTempDirectory("prune-bench");
        DataSource store = datasource.equals("sqlite") ? sqlite(dir) : BacklogPassBench.postgres("prune_bench");
        long before = NOW - RETENTION;
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            if (!datasource.equals("sqlite")) {
                Migrations.emptyPostgres(s);
            }
            Migrations.flyway(store, datasource).load().migrate();
            fill(s, datasource, size);
            s.execute(datasource.equals("sqlite") ? "ANALYZE" : "VACUUM ANALYZE outbox");

            // The old statement, in a transaction rolled back: the same rows are there for the walk.
            c.setAutoCommit(false);
            long start = System.nanoTime();
            int oldDeleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE state IN ('DELIVERED', "
                    + "'CANCELLED', 'DISCARDED') AND updated_at < ?")) {
                ps.setLong(1, before);
                oldDeleted = ps.executeUpdate();
            }
            double oneDelete = (System.nanoTime() - start) / 1e6;
            c.rollback();

            // The walk itself (OutboxUpkeep.walk), its steps timed: reads in autocommit, each delete its own commit.
            TimedSteps steps = new TimedSteps(c, before);
            OutboxUpkeep.Pruned pruned = OutboxUpkeep.walk(steps);
            int deleted = pruned.deleted();
            if (deleted != oldDeleted) {
                throw new IllegalStateException("the walk deleted " + deleted + " rows, the old DELETE " + oldDeleted);
            }
            System.out.printf(Locale.ROOT, "%-10s %9d %8d | %16.1f | %18.1f %16.1f %12.1f %9d%n", datasource, size,
                    deleted, oneDelete, steps.longestWrite, steps.writes, steps.reads, pruned.examined());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The walk's steps on one connection, timed: the longest and total delete (commit included), the reads. */
    private static final class TimedSteps implements OutboxUpkeep.PruneSteps {
        private final Connection c;
        private final long before;
        private double longestWrite;
        private double writes;
        private double reads;

        TimedSteps(Connection c, long before) {
            this.c = c;
            this.before = before;
        }

        @Override
        public OutboxUpkeep.Window read(long after) {
            try {
                c.setAutoCommit(true);
                long start = System.nanoTime();
                OutboxUpkeep.Window window = OutboxUpkeep.window(c, after, before);
                reads += (System.nanoTime() - start) / 1e6;
                return window;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int delete(long after, long last) {
            try {
                c.setAutoCommit(false);
                long start = System.nanoTime();
                int deleted = Jdbc.update(c, OutboxUpkeep.PRUNE_WINDOW_DELETE, after, last, before);
                c.commit();
                double took = (System.nanoTime() - start) / 1e6;
                writes += took;
                longestWrite = Math.max(longestWrite, took);
                return deleted;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code n} delivered purchases, accepted (and delivered) evenly from time 0 to {@link #NOW}. */
    private static void fill(Statement s, String datasource, int n) throws SQLException {
        String at = "(CAST(i AS BIGINT) * " + NOW / n + ")";
        String values = "'PURCHASE', 'order_' || i, 'customer_' || (i % 5000), " + PAYLOAD + ", 'f', 'DELIVERED', "
                + at + ", " + at + ", " + at;
        String columns = "operation, dedupe_key, lane, payload, fingerprint, state, next_attempt_at, created_at, "
                + "updated_at";
        s.execute(datasource.equals("sqlite")
                ? "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") "
                        + "INSERT INTO outbox (" + columns + ") SELECT " + values + " FROM s"
                : "INSERT INTO outbox (" + columns + ") SELECT " + values + " FROM generate_series(1, " + n + ") i");
    }

    /** The store as the sidecar opens it: WAL, full sync, zeroed deletes (application.properties). */
    private static DataSource sqlite(Path dir) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("prune.db"));
        return ds;
    }
}
