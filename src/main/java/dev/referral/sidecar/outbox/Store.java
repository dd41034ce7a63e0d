package dev.referral.sidecar.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import dev.referral.sidecar.config.StoreConfig;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

/**
 * The durable store: whichever of the two named datasources {@code StoreSelection} activated (SQLite file by
 * default, PostgreSQL for shared replicas), migrated by Flyway on first use
 * (only when {@link SchemaVersion} finds the store behind). Only reached through
 * {@link #inTransaction} and {@link #read}, never on the event loop.
 */
@ApplicationScoped
public class Store {

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final StoreConfig config;
    private final InjectableInstance<DataSource> dataSources;
    private final InjectableInstance<Flyway> flyways;
    private volatile DataSource active;

    Store(StoreConfig config, @Any InjectableInstance<DataSource> dataSources, @Any InjectableInstance<Flyway> flyways) {
        this.config = config;
        this.dataSources = dataSources;
        this.flyways = flyways;
    }

    public boolean postgres() {
        return config.url().startsWith("jdbc:postgresql:");
    }

    /** Runs {@code work} in one database transaction: committed on return, rolled back on any exception. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} on an auto-commit connection (single statements, reads). */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static StoreException failure(SQLException e) {
        StoreException failure = new StoreException(e);
        if (!failure.uniqueViolation()) {
            failure.log();
        }
        return failure;
    }

    /** Creates the SQLite directory and applies the migrations; idempotent. */
    public synchronized void migrate() {
        if (active != null) {
            return;
        }
        String name = postgres() ? "postgresql" : "sqlite";
        if (!postgres()) {
            createSqliteDirectory(config.url());
        }
        DataSource ds = dataSources.select(new DataSourceLiteral(name)).get();
        if (!SchemaVersion.upToDate(ds)) {
            flyways.select(FlywayDataSource.FlywayDataSourceLiteral.of(name)).get().migrate();
        }
        active = ds;
        Log.infof("Store ready: %s", postgres() ? "PostgreSQL" : "SQLite " + sqliteFile(config.url()));
    }

    private DataSource dataSource() {
        DataSource ds = active;
        if (ds == null) {
            migrate();
            ds = active;
        }
        return ds;
    }

    private static void createSqliteDirectory(String url) {
        Path parent = Path.of(sqliteFile(url)).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the store directory " + parent, e);
        }
    }

    private static String sqliteFile(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        return query < 0 ? file : file.substring(0, query);
    }

    /** The store failed: the sidecar can neither deliver nor queue, so the caller gets 503 and retries. */
    public static class StoreException extends ProblemException {

        private final transient SQLException cause;

        StoreException(SQLException cause) {
            super(ProblemType.UNAVAILABLE, "Store unavailable", "The request was not stored; retry it",
                    java.time.Duration.ofSeconds(5));
            this.cause = cause;
        }

        /** Two transactions inserted the same key at once; the loser can simply look again. */
        public boolean uniqueViolation() {
            return "23505".equals(cause.getSQLState()) || String.valueOf(cause.getMessage()).contains("UNIQUE");
        }

        void log() {
            io.quarkus.logging.Log.errorf("Store failure: %s (SQL state %s): %s", cause.getClass().getSimpleName(),
                    cause.getSQLState(), Redact.error(cause.getMessage()));
        }
    }
}
