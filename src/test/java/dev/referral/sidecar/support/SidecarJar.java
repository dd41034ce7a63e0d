package dev.referral.sidecar.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The packaged sidecar as a separate process on free ports: the jar, or the native executable when the build made
 * one ({@link BuiltArtifact}, as {@code @QuarkusIntegrationTest} picks it), for
 * black-box tests that need what {@code @QuarkusIntegrationTest} cannot do: SIGKILL, a restart on the same store,
 * two replicas at once. Output goes to {@code target/it-logs/<name>.log}.
 */
public final class SidecarJar implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private SidecarJar(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the jar with {@code env} on top of fast test clocks, and waits until it is ready. */
    public static SidecarJar start(String name, Map<String, String> env) throws IOException, InterruptedException {
        return start(name, port -> env);
    }

    /** As {@link #start(String, Map)}, for an environment that names the sidecar's own port (e.g. a webhook URL). */
    public static SidecarJar start(String name, IntFunction<Map<String, String>> envForPort)
            throws IOException, InterruptedException {
        int port = freePort();
        Map<String, String> env = envForPort.apply(port);
        int management = freePort();
        Map<String, String> all = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(management),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "SIDECAR_DELIVERY_BACKOFF_INITIAL", "100ms", "SIDECAR_DELIVERY_BACKOFF_MAX", "1s",
                "SIDECAR_DELIVERY_CHECK_PAUSE", "300ms"));
        all.putAll(env);
        Path log = Path.of("target", "it-logs", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(BuiltArtifact.current().command())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("PARTNERO_") || k.startsWith("SIDECAR_")
                || k.startsWith("SANDBOX_") || k.startsWith("REFERRAL_STORE") || k.startsWith("APP_WEBHOOK"));
        builder.environment().putAll(all);
        SidecarJar jar = new SidecarJar(builder.start(), port, management, log);
        jar.awaitReady();
        return jar;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    /** What the process printed so far (its log file, appended to by every start under the same name). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** SIGKILL: no shutdown hook, no graceful drain, exactly like a crashed pod. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the graceful shutdown path. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        // Generous: shared CI machines under load have taken over 60 s to start the jar.
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sidecar exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(managementUri("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("sidecar not ready within 120 s:\n" + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
