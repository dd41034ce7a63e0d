package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * The store writer's connection runs the same statements all day without closing them ({@link StatementCache}):
 * nothing a query leaves behind may stay reachable from a statement that stays open. With Agroal's statement-leak
 * detection on, each result set's wrapper stayed linked to its statement until the statement closed, one per query,
 * so a long-running sidecar's heap filled up. Run against the application's own datasource and its configuration.
 */
abstract class WriterConnectionRetentionContract {

    private static final int QUERIES = 2_000;

    @Inject
    @Any
    InjectableInstance<DataSource> dataSources;

    /** The named datasource the profile's store uses. */
    abstract String dataSourceName();

    @Test
    void queriesOnAKeptStatementLeaveNothingReachableBehind() throws Exception {
        DataSource ds = dataSources.select(new DataSourceLiteral(dataSourceName())).get();
        List<WeakReference<ResultSet>> returned = new ArrayList<>(QUERIES);
        try (Connection c = StatementCache.wrap(ds.getConnection())) {
            for (int i = 0; i < QUERIES; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(i, rs.getInt(1));
                        returned.add(new WeakReference<>(rs));
                    }
                }
            }
            // The statement is still open here, as the writer's is between groups.
            int live = QUERIES;
            for (int attempt = 0; attempt < 20 && live > 2; attempt++) {
                System.gc();
                Thread.sleep(20);
                live = distinctLive(returned);
            }
            assertTrue(live <= 2, live + " of " + QUERIES + " closed result sets are still reachable from the open"
                    + " statement (expected at most the driver's own reused one)");
        }
    }

    private static int distinctLive(List<WeakReference<ResultSet>> refs) {
        Set<ResultSet> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WeakReference<ResultSet> ref : refs) {
            ResultSet rs = ref.get();
            if (rs != null) {
                live.add(rs);
            }
        }
        return live.size();
    }
}
