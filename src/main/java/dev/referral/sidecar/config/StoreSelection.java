package dev.referral.sidecar.config;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Activates exactly one of the two named datasources from {@code REFERRAL_STORE_URL} at run time, so one built
 * artifact runs on SQLite or PostgreSQL. In {@code sandbox-only} mode there is no store at all. Flyway stays
 * inactive for both: its start-up actions would build a Flyway instance (about 180 classes, a few hundred
 * milliseconds) on every start; {@code Store} builds one only when {@code SchemaVersion} finds the store behind.
 * Its ordinal sits above application.properties and below environment variables, so an operator can still
 * override a flag explicitly.
 */
public class StoreSelection implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String url = valueOf(context, "sidecar.store.url", "jdbc:sqlite:data/referrals.db");
        boolean sandboxOnly = valueOf(context, "sidecar.mode", "auto").toLowerCase(Locale.ROOT)
                .replace('_', '-').equals("sandbox-only");
        boolean postgres = url.startsWith("jdbc:postgresql:");
        boolean sqlite = !sandboxOnly && !postgres;
        boolean pg = !sandboxOnly && postgres;
        Map<String, String> flags = Map.of(
                "quarkus.datasource.sqlite.active", Boolean.toString(sqlite),
                "quarkus.flyway.sqlite.active", "false",
                "quarkus.datasource.postgresql.active", Boolean.toString(pg),
                "quarkus.flyway.postgresql.active", "false");
        return java.util.List.of(new MapBackedConfigSource("sidecar-store-selection", flags, ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String valueOf(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }
}
