package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * What PostgreSQL's accept costs when it locks its lane's first open row (OutboxIntake.HEAD_LOCKING_AHEAD, with V8)
 * beside the accept it replaces (the same insert without the lock, on a V7 store, which left a sweep to unpark the
 * rows the race stranded): run by {@code bench/parked-accept.sh}, not by the tests. Each customer's rows are accepted
 * with the intake's own insert and then delivered, one statement each, in transactions of {@link #PER_COMMIT}
 * customers, without fsync (the same on both, it would hide the difference). Shapes: a customer's only row (every
 * sign-up: nothing to lock), and a customer's two rows, the second parked behind the first (it locks the first).
 * Rounds alternate the two; each figure is the median of the rounds' time per customer.
 */
final class ParkedAcceptBench {

    private static final int PER_COMMIT = 50;
    private static final int ROUNDS = 7;
    private static final String DELIVERED = "UPDATE outbox SET state = 'DELIVERED', payload = '{}', updated_at = 1 "
            + "WHERE id = ?";

    private ParkedAcceptBench() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("SIDECAR_TEST_PG_URL") == null) {
            throw new IllegalStateException("SIDECAR_TEST_PG_URL is not set: this bench measures PostgreSQL only");
        }
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        System.out.printf("%-14s %9s %17s %17s %9s%n", "shape", "customers", "before µs/customer",
                "locking µs/customer", "now/before");
        for (int rows : new int[] {1, 2}) {
            double[] before = new double[ROUNDS];
            double[] after = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                before[round] = measure(false, rows, customers);
                after[round] = measure(true, rows, customers);
            }
            Arrays.sort(before);
            Arrays.sort(after);
            double b = before[ROUNDS / 2];
            double a = after[ROUNDS / 2];
            System.out.printf(Locale.ROOT, "%-14s %9d %17.1f %17.1f %9.2f%n", rows == 1 ? "only row" : "two rows",
                    customers, b, a, a / b);
        }
    }

    /** µs per customer on a new store: V7 and the insert without the lock, or every migration and the lock. */
    private static double measure(boolean locking, int rows, int customers) throws Exception {
        DataSource store = BacklogPassBench.postgres("parked_accept");
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            Migrations.emptyPostgres(s);
            s.execute("SET synchronous_commit = off");
            var flyway = Migrations.flyway(store, "postgresql");
            (locking ? flyway : flyway.target("7")).load().migrate();
            String insertSql = OutboxIntake.insertSql("0, NULL, NULL, "
                    + (locking ? OutboxIntake.PARKED_BEHIND_LOCKED : OutboxIntake.PARKED),
                    locking ? OutboxIntake.HEAD_LOCKING_AHEAD : OutboxIntake.HEAD);
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(insertSql);
                    PreparedStatement delivered = c.prepareStatement(DELIVERED)) {
                long start = System.nanoTime();
                long[] ids = new long[rows];
                for (int i = 0; i < customers; i++) {
                    String lane = "c" + i;
                    for (int r = 0; r < rows; r++) {
                        // The row's eight, then the lane: once for the plain insert, twice (answer, lock) locking.
                        Object[] params = {"PURCHASE", "k" + i + "_" + r, lane, "{}", "f", 0L, 0L, 0L, lane, lane};
                        for (int p = 0; p < params.length - (locking ? 0 : 1); p++) {
                            insert.setObject(p + 1, params[p]);
                        }
                        try (ResultSet rs = insert.executeQuery()) {
                            rs.next();
                            ids[r] = rs.getLong("id");
                        }
                    }
                    for (long id : ids) {
                        delivered.setLong(1, id);
                        delivered.executeUpdate();
                    }
                    if ((i + 1) % PER_COMMIT == 0) {
                        c.commit();
                    }
                }
                c.commit();
                long took = System.nanoTime() - start;
                check(c, rows, customers);
                return took / 1e3 / customers;
            }
        }
    }

    /** Every row delivered, none left parked. */
    private static void check(Connection c, int rows, int customers) throws SQLException {
        long delivered = Jdbc.count(c, "SELECT COUNT(*) FROM outbox WHERE state = 'DELIVERED' AND parked = 0");
        if (delivered != (long) rows * customers) {
            throw new IllegalStateException(delivered + " rows delivered and unparked, not " + rows * customers);
        }
    }
}
