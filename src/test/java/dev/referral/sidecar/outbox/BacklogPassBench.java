package dev.referral.sidecar.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * What one dispatcher pass costs over a backlog that cannot move (an outage), by backlog size, on the store as V5 left
 * it (walk the pending rows by id) and on this build's: run by {@code bench/backlog-pass.sh}, not by the tests. The
 * three shapes: 50 customers' first rows waiting for their next attempt with N rows queued behind them ("deep"); N
 * customers each with one row waiting ("wide"); N due rows while writes to Partnero are paused, when a pass sends
 * relays only ("paused"). Each figure is the median of 15 passes' query times.
 */
final class BacklogPassBench {

    /** The pass as V5 ran it, the baseline: pending rows in id order, the time a filter. */
    private static final String V5_PASS = "SELECT id FROM outbox WHERE state = 'PENDING' %sAND next_attempt_at <= ? "
            + "AND (claimed_until IS NULL OR claimed_until < ?) AND " + LaneHeads.HEAD_OF_LANE + " ORDER BY id LIMIT ?";

    private static final long NOW = 5;
    private static final long LATER = 10;
    private static final int RUNS = 15;

    private BacklogPassBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000, 10000, 100000};
        System.out.printf("%-10s %-7s %8s %14s %14s %9s%n", "store", "shape", "rows", "V5 pass ms", "now pass ms",
                "V5 / now");
        for (String datasource : storesToMeasure()) {
            for (String shape : new String[] {"deep", "wide", "paused"}) {
                for (int size : sizes) {
                    double before = measure(datasource, "5", shape, size);
                    double after = measure(datasource, null, shape, size);
                    System.out.printf(Locale.ROOT, "%-10s %-7s %8d %14.3f %14.3f %9.1f%n", datasource, shape, size,
                            before, after, before / after);
                }
            }
        }
    }

    private static List<String> storesToMeasure() {
        List<String> stores = new ArrayList<>(List.of("sqlite"));
        if (System.getenv("SIDECAR_TEST_PG_URL") != null) {
            stores.add("postgresql");
        }
        return stores;
    }

    /** Median pass time in ms on a new store migrated to {@code target} (null: every migration of this build). */
    private static double measure(String datasource, String target, String shape, int size) throws Exception {
        boolean parking = target == null;
        Path dir = Files.createTempDirectory("backlog-pass");
        DataSource store = datasource.equals("sqlite") ? sqlite(dir) : postgres("backlog_pass");
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            if (!datasource.equals("sqlite")) {
                Migrations.emptyPostgres(s);
            }
            var flyway = Migrations.flyway(store, datasource);
            (target == null ? flyway : flyway.target(target)).load().migrate();
            fill(s, datasource, shape, size, parking);
            s.execute(datasource.equals("sqlite") ? "ANALYZE" : "ANALYZE outbox");
            boolean relaysOnly = shape.equals("paused");
            String pass = parking ? LaneHeads.dueHeads(relaysOnly)
                    : String.format(V5_PASS, relaysOnly ? "AND operation = 'RELAY' " : "");
            double[] times = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                int found = ids(c, pass);
                times[i] = (System.nanoTime() - start) / 1e6;
                if (found != 0) {
                    throw new IllegalStateException(shape + " on " + datasource + ": a pass found " + found + " rows");
                }
            }
            Arrays.sort(times);
            return times[RUNS / 2];
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void fill(Statement s, String datasource, String shape, int size, boolean parking)
            throws SQLException {
        String columns = "operation, dedupe_key, lane, payload, fingerprint, state, next_attempt_at, created_at, "
                + "updated_at" + (parking ? ", parked" : "");
        switch (shape) {
            case "deep" -> {
                s.execute(insert(datasource, 50, columns, "'h' || i, 'c' || (i % 50)", LATER, parking ? "0" : null));
                s.execute(insert(datasource, size, columns, "'k' || i, 'c' || (i % 50)", 0, parking ? "1" : null));
            }
            case "wide" -> s.execute(insert(datasource, size, columns, "'k' || i, 'w' || i", LATER,
                    parking ? "0" : null));
            default -> s.execute(insert(datasource, size, columns, "'k' || i, 'p' || i", 0, parking ? "0" : null));
        }
    }

    /** Inserts {@code n} pending purchases; {@code keyAndLane} is SQL of i, {@code parked} the flag or null. */
    private static String insert(String datasource, int n, String columns, String keyAndLane, long next,
            String parked) {
        String values = "'PURCHASE', " + keyAndLane + ", '{}', 'f', 'PENDING', " + next + ", 0, 0"
                + (parked == null ? "" : ", " + parked);
        return datasource.equals("sqlite")
                ? "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") "
                        + "INSERT INTO outbox (" + columns + ") SELECT " + values + " FROM s"
                : "INSERT INTO outbox (" + columns + ") SELECT " + values + " FROM generate_series(1, " + n + ") i";
    }

    private static int ids(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, NOW);
            ps.setLong(2, NOW);
            ps.setInt(3, 32);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    private static DataSource sqlite(Path dir) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("pass.db"));
        return ds;
    }

    /** The bench database, in {@code schema} (made if missing; a bench drops and makes its tables again). */
    static DataSource postgres(String schema) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(System.getenv("SIDECAR_TEST_PG_URL"));
        ds.setUser(System.getenv().getOrDefault("SIDECAR_TEST_PG_USER", "sidecar"));
        ds.setPassword(System.getenv().getOrDefault("SIDECAR_TEST_PG_PASSWORD", "sidecar"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        ds.setCurrentSchema(schema);
        return ds;
    }
}
