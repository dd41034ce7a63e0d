package dev.referral.sidecar.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What the build made, found the way {@code @QuarkusIntegrationTest} finds it: from
 * {@code target/quarkus-artifact.properties}, which Quarkus writes at package time. {@code type=jar} is run with this
 * JVM ({@code java -jar target/quarkus-app/quarkus-run.jar}); {@code type=native} (a {@code -Dnative} build) is the
 * executable itself, so the same black-box tests run against the native binary.
 */
public record BuiltArtifact(String type, Path path) {

    static final Path PROPERTIES = Path.of("target", "quarkus-artifact.properties");

    /** The artifact of the last package in {@code target/}. */
    public static BuiltArtifact current() {
        return read(PROPERTIES);
    }

    static BuiltArtifact read(Path properties) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(properties)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(properties + " is missing: the black-box tests need a packaged "
                    + "artifact (./mvnw verify, or package first)", e);
        }
        String type = p.getProperty("type", "");
        String path = p.getProperty("path", "");
        if (!type.equals("jar") && !type.equals("native") || path.isBlank()) {
            throw new IllegalStateException(properties + " names no runnable jar or native executable: type=" + type);
        }
        return new BuiltArtifact(type, properties.getParent().resolve(path));
    }

    public boolean nativeExecutable() {
        return type.equals("native");
    }

    /** The command line that starts it. */
    public List<String> command() {
        if (nativeExecutable()) {
            return List.of(path.toString());
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", path.toString());
    }
}
