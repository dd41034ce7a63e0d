package dev.referral.sidecar.outbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs every migration of {@code db/migration} on a bare connection, with the placeholders application.properties
 * gives Flyway for that datasource: the plan tests see exactly the schema the store gets, without starting Quarkus.
 */
final class Migrations {

    private static final Path DIR = Path.of("src", "main", "resources", "db", "migration");

    private Migrations() {
    }

    /** {@code datasource}: {@code sqlite} or {@code postgresql}, as in {@code quarkus.flyway.<ds>.placeholders}. */
    static void apply(Connection c, String datasource) throws SQLException, IOException {
        Map<String, String> placeholders = placeholders(datasource);
        try (Stream<Path> files = Files.list(DIR); Statement s = c.createStatement()) {
            for (Path f : files.sorted().toList()) {
                String script = Files.readString(f).replaceAll("(?m)^--.*$", "");
                for (Map.Entry<String, String> p : placeholders.entrySet()) {
                    script = script.replace("${" + p.getKey() + "}", p.getValue());
                }
                for (String sql : script.split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
        }
    }

    /** The Flyway placeholders application.properties gives {@code datasource}'s migrations. */
    static Map<String, String> placeholders(String datasource) throws IOException {
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"))) {
            shipped.load(r);
        }
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
