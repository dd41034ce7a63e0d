package dev.referral.sidecar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Every secret variable can be given as a file instead ({@code PARTNERO_API_KEY_FILE=/run/secrets/partnero}), the
 * way Kubernetes Secret volumes and Docker secrets hand them over. The file's content, less one trailing newline,
 * becomes the variable's value, which application.properties maps as usual. A set variable whose file cannot be
 * read, or a variable given both ways, refuses to start with a message naming the variable (never the content).
 */
public class SecretFiles implements ConfigSourceFactory {

    /** The secret variables of the README's configuration table. */
    static final List<String> SECRETS = List.of("PARTNERO_API_KEY", "SIDECAR_TOKEN", "SIDECAR_ADMIN_TOKEN",
            "REFERRAL_STORE_PASSWORD", "PARTNERO_WEBHOOK_SECRET", "APP_WEBHOOK_SECRET", "SANDBOX_API_KEY",
            "SANDBOX_WEBHOOK_SECRET");

    /** Above application.properties, below environment variables (a variable given both ways is refused anyway). */
    static final int ORDINAL = 290;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String variable : SECRETS) {
            String file = valueOf(context, variable + "_FILE");
            if (file == null) {
                continue;
            }
            if (valueOf(context, variable) != null) {
                throw new IllegalStateException(variable + " and " + variable + "_FILE are both set: set only one");
            }
            values.put(variable, read(variable, file));
        }
        return List.of(new MapBackedConfigSource("sidecar-secret-files", values, ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String read(String variable, String file) {
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(variable + "_FILE is set but its file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): mount the secret or unset " + variable + "_FILE", e);
        }
    }

    private static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isEmpty() ? null : value.getValue();
    }
}
