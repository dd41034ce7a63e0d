package dev.referral.sidecar.outbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

import dev.referral.sidecar.support.Postgres;

/**
 * The store's migrations for tests that need its schema without starting Quarkus: Flyway over the locations
 * and with the placeholders application.properties gives that datasource, as {@link Store} runs them.
 */
final class Migrations {

    private Migrations() {
    }

    /** Flyway for {@code store}; {@code datasource}: {@code sqlite} or {@code postgresql}, as in the properties. */
    static FluentConfiguration flyway(DataSource store, String datasource) throws IOException {
        Properties shipped = shipped();
        String[] locations = shipped.getProperty("quarkus.flyway." + datasource + ".locations").split(",");
        for (int i = 0; i < locations.length; i++) {
            locations[i] = "classpath:" + locations[i].trim();
        }
        return Flyway.configure().dataSource(store).locations(locations)
                .placeholders(placeholders(shipped, datasource));
    }

    /** Applies every migration to {@code store}. */
    static void apply(DataSource store, String datasource) throws IOException {
        flyway(store, datasource).load().migrate();
    }

    /** The test database, working in {@code schema} (which must exist). */
    static DataSource postgres(String schema) {
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(Postgres.url().replaceAll("currentSchema=[^&]*", "currentSchema=" + schema));
        store.setUser(Postgres.user());
        store.setPassword(Postgres.password());
        return store;
    }

    /** A new store in the PostgreSQL schema {@code schema} (dropped first if it exists), every migration applied. */
    static DataSource newPostgresStore(String schema) throws java.sql.SQLException, IOException {
        try (java.sql.Connection admin = Postgres.open(); java.sql.Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        DataSource store = postgres(schema);
        apply(store, "postgresql");
        return store;
    }

    /** Drops the PostgreSQL schema {@code schema} with everything in it. */
    static void dropPostgres(String schema) throws java.sql.SQLException {
        try (java.sql.Connection admin = Postgres.open(); java.sql.Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /**
     * Drops the store's tables and its trigger function from the PostgreSQL schema {@code s} works in, so that the
     * next migration makes a new store (Flyway refuses a schema that holds objects but no history table).
     */
    static void emptyPostgres(java.sql.Statement s) throws java.sql.SQLException {
        s.execute("DROP TABLE IF EXISTS outbox, customers, flyway_schema_history CASCADE");
        s.execute("DROP FUNCTION IF EXISTS outbox_unpark() CASCADE");
    }

    private static Properties shipped() throws IOException {
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"))) {
            shipped.load(r);
        }
        return shipped;
    }

    /** The Flyway placeholders application.properties gives {@code datasource}'s migrations. */
    private static Map<String, String> placeholders(Properties shipped, String datasource) {
        String prefix = "quarkus.flyway." + datasource + ".placeholders.";
        Map<String, String> placeholders = new TreeMap<>();
        for (String key : shipped.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                placeholders.put(key.substring(prefix.length()), shipped.getProperty(key));
            }
        }
        return placeholders;
    }
}
