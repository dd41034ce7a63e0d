package dev.referral.sidecar.outbox;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForProxy;

/**
 * The store writer's long-lived connection, keeping every statement it prepares: the writer runs the same dozen
 * statements all day, and SQLite parses and plans a statement each time one is prepared (PostgreSQL's driver keeps
 * server-side statements per connection the same way). A statement handed out is closed by its user as usual; here
 * that only clears its parameters, and it is really closed with the connection (or when evicted, beyond
 * {@value #MAX_STATEMENTS} kinds). One thread uses it at a time (the writer's), so nothing here is synchronised.
 * Agroal's statement-leak detection stays off for the store's datasources (application.properties): it keeps each
 * result set linked to its statement until the statement closes, which for these statements is never.
 */
@RegisterForProxy(targets = { Connection.class })
@RegisterForProxy(targets = { PreparedStatement.class })
final class StatementCache implements InvocationHandler {

    static final int MAX_STATEMENTS = 64;

    private final Connection target;
    private final Map<String, PreparedStatement[]> statements = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement[]> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue()[0]);
            return true;
        }
    };

    private StatementCache(Connection target) {
        this.target = target;
    }

    /** {@code connection}, keeping the statements prepared through it until it is closed. */
    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] { Connection.class }, new StatementCache(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1
                && args[0] instanceof String sql) {
            return prepared(sql);
        }
        if (method.getName().equals("close") && (args == null || args.length == 0)) {
            statements.values().forEach(s -> closeQuietly(s[0]));
            statements.clear();
        }
        return call(target, method, args);
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement[] kept = statements.get(sql);
        if (kept == null || kept[0].isClosed()) {
            PreparedStatement real = target.prepareStatement(sql);
            // Whether its user added to a batch: only then is there one to clear at close (most statements never do).
            boolean[] batched = { false };
            PreparedStatement handed = (PreparedStatement) Proxy.newProxyInstance(
                    StatementCache.class.getClassLoader(), new Class<?>[] { PreparedStatement.class },
                    (p, m, a) -> {
                        if (m.getName().equals("close") && (a == null || a.length == 0)) {
                            if (batched[0]) {
                                // A batch that failed half-built must not run with the next user's.
                                real.clearBatch();
                                batched[0] = false;
                            }
                            real.clearParameters();
                            return null;
                        }
                        if (m.getName().equals("addBatch")) {
                            batched[0] = true;
                        }
                        return call(real, m, a);
                    });
            kept = new PreparedStatement[] { real, handed };
            statements.put(sql, kept);
        }
        return kept[1];
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            Log.debugf("Closing a kept statement failed: %s", e.getSQLState());
        }
    }
}
