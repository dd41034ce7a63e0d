package dev.referral.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The JVM flags measured by the bench scripts (bench/lib/jvm-flags.sh) are the flags the images and the k8s example
 * ship: a flag changed in one place only would make the measurements in docs/deploy.md describe a sidecar nobody
 * runs.
 */
class ShippedJvmFlagsTest {

    /** The code cache the hot paths' compiled code needs, measured (docs/deploy.md, "Memory"). */
    private static final long CODE_CACHE_FLOOR_MB = 64;

    @Test
    void theImagesAndTheK8sExampleRunTheFlagsTheBenchScriptsMeasure() throws IOException {
        Set<String> shipped = shippedFlags();
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.aot")) {
            String text = Files.readString(Path.of("docker", dockerfile));
            Set<String> run = new LinkedHashSet<>(flags(quoted(text, "ENV JAVA_OPTS_APPEND=")));
            run.addAll(flags(quoted(text, "ENV GC_CONTAINER_OPTIONS=")));
            assertTrue(run.containsAll(shipped), dockerfile + " runs " + run + ", the benches measure " + shipped);
            assertTrue(text.contains("ENV MALLOC_ARENA_MAX=2"), dockerfile + " without MALLOC_ARENA_MAX=2");
            // The archive or cache is recorded with the sizes it runs with (all but the native-heap trimming).
            Set<String> training = flags(quoted(text, "START_JAVA_OPTS="));
            Set<String> expected = new LinkedHashSet<>(shipped);
            expected.removeIf(f -> f.startsWith("-XX:TrimNativeHeapInterval"));
            assertEquals(expected, training, dockerfile + ": the training stage's flags");
        }
        String deployment = Files.readString(Path.of("k8s", "deployment.yaml"));
        Set<String> pod = new LinkedHashSet<>(flags(yamlValue(deployment, "JAVA_OPTS_APPEND")));
        pod.addAll(flags(yamlValue(deployment, "GC_CONTAINER_OPTIONS")));
        assertTrue(pod.containsAll(shipped), "k8s/deployment.yaml runs " + pod + ", the benches measure " + shipped);
        assertEquals("\"2\"", yamlValue(deployment, "MALLOC_ARENA_MAX").strip());
        // The pod's JAVA_OPTS_APPEND replaces the image's: it must carry all of it (the log manager, the archive).
        String jvmImage = Files.readString(Path.of("docker", "Dockerfile.jvm"));
        List<String> image = tokens(quoted(jvmImage, "ENV JAVA_OPTS_APPEND="));
        assertEquals(image, tokens(yamlValue(deployment, "JAVA_OPTS_APPEND")),
                "k8s/deployment.yaml's JAVA_OPTS_APPEND differs from docker/Dockerfile.jvm's");
    }

    @Test
    void theCodeCacheHoldsWhatTheHotPathsCompile() throws IOException {
        // With 32 MB the JIT's working set under the mixed hot-path load (about 27 MB) did not fit: the code cache
        // flushed and recompiled without end, and throughput halved (docs/deploy.md, "Memory").
        String flag = shippedFlags().stream().filter(f -> f.startsWith("-XX:ReservedCodeCacheSize=")).findFirst()
                .orElseThrow(() -> new AssertionError("no code cache ceiling in bench/lib/jvm-flags.sh"));
        Matcher m = Pattern.compile("=(\\d+)([mMgG])").matcher(flag);
        assertTrue(m.find(), flag);
        long mb = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        assertTrue(mb >= CODE_CACHE_FLOOR_MB, flag + " is under the measured " + CODE_CACHE_FLOOR_MB + " MB");
    }

    private static Set<String> shippedFlags() throws IOException {
        Set<String> flags = flags(quoted(Files.readString(Path.of("bench", "lib", "jvm-flags.sh")),
                "SHIPPED_JAVA_OPTS="));
        assertTrue(flags.size() >= 5, "too few flags read from bench/lib/jvm-flags.sh: " + flags);
        return flags;
    }

    /** The double-quoted value after {@code prefix}, with shell line continuations joined. */
    private static String quoted(String text, String prefix) {
        int start = text.indexOf(prefix);
        assertTrue(start >= 0, "no " + prefix);
        int open = text.indexOf('"', start + prefix.length() - 1);
        int close = text.indexOf('"', open + 1);
        return text.substring(open + 1, close).replace("\\\n", " ");
    }

    /** The value of the env entry {@code name} in a pod spec: a plain scalar or a folded ({@code >-}) block. */
    private static String yamlValue(String yaml, String name) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("- name: " + name)) {
                continue;
            }
            String value = lines.get(i + 1).strip();
            assertTrue(value.startsWith("value:"), name + ": " + value);
            value = value.substring("value:".length()).strip();
            if (!value.equals(">-")) {
                return value;
            }
            List<String> block = new ArrayList<>();
            int indent = indent(lines.get(i + 2));
            for (int j = i + 2; j < lines.size() && indent(lines.get(j)) == indent; j++) {
                block.add(lines.get(j).strip());
            }
            return String.join(" ", block);
        }
        throw new AssertionError("no env entry " + name);
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static List<String> tokens(String value) {
        return Arrays.asList(value.strip().split("\\s+"));
    }

    private static Set<String> flags(String value) {
        Set<String> flags = new LinkedHashSet<>(Arrays.asList(value.strip().replace("\"", "").split("\\s+")));
        flags.removeIf(f -> !f.startsWith("-X"));
        return flags;
    }
}
