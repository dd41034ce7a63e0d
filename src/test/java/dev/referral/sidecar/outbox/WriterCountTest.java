package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** The PostgreSQL store's writer count when SIDECAR_STORE_WRITERS is unset: from the server's round trip. */
class WriterCountTest {

    @Test
    void aServerOnTheSameHostGetsOneWriterAndOneANetworkAwayTwo() {
        assertEquals(1, WriterCount.forRoundTrip(Duration.ofNanos(40_000)));
        assertEquals(1, WriterCount.forRoundTrip(WriterCount.SAME_HOST.minusNanos(1)));
        assertEquals(2, WriterCount.forRoundTrip(WriterCount.SAME_HOST));
        assertEquals(2, WriterCount.forRoundTrip(Duration.ofMillis(1)));
    }

    @Test
    void theRoundTripIsMeasuredOnTheServer() {
        AtomicInteger queries = new AtomicInteger();
        assertEquals(1, WriterCount.of(Optional.empty(), server(0, queries)));
        assertTrue(queries.get() > 1, "a round trip is the shortest of several queries, got " + queries.get());
        assertEquals(2, WriterCount.of(Optional.empty(), server(400_000, new AtomicInteger())));
    }

    @Test
    void aConfiguredCountIsKeptWithoutAsking() {
        AtomicInteger queries = new AtomicInteger();
        assertEquals(3, WriterCount.of(Optional.of(3), server(0, queries)));
        assertEquals(1, WriterCount.of(Optional.of(0), server(0, queries)));
        assertEquals(0, queries.get());
    }

    /** A server whose every query takes {@code delayNanos} (its round trip), counting the queries. */
    private static DataSource server(long delayNanos, AtomicInteger queries) {
        ResultSet row = proxy(ResultSet.class, (p, m, a) -> m.getName().equals("next") ? Boolean.TRUE : null);
        Statement statement = proxy(Statement.class, (p, m, a) -> {
            if (m.getName().equals("executeQuery")) {
                queries.incrementAndGet();
                LockSupport.parkNanos(delayNanos);
                return row;
            }
            return null;
        });
        Connection connection = proxy(Connection.class,
                (p, m, a) -> m.getName().equals("createStatement") ? statement : null);
        return new DataSource() {
            @Override
            public Connection getConnection() {
                return connection;
            }

            @Override
            public Connection getConnection(String user, String password) {
                return connection;
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return null;
            }

            @Override
            public <T> T unwrap(Class<T> iface) {
                return null;
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(WriterCountTest.class.getClassLoader(), new Class<?>[] { type }, handler);
    }
}
