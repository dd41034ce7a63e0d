package dev.referral.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The hooks, the dashboard and the webhook receiver reach delivery and the store through one door, the
 * {@code delivery.Delivery} facade (DESIGN.md, "Inside"): they never name the store ({@code outbox}), and of
 * {@code delivery} they name only the facade and the types of its contract. Read from the sources, so a fully
 * qualified name counts as much as an import.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/referral/sidecar");

    /** The packages that go through the facade. */
    private static final List<String> CALLERS = List.of("hook", "dashboard", "webhook");

    /** The facade and the types its methods take and give, the event it fires and the interface it calls out on. */
    private static final Set<String> DELIVERY_CONTRACT = Set.of("Delivery", "Accepted", "NewEntry", "SignupResult",
            "SignupRecord", "RejectedException", "Delivered", "AppRelay");

    private static final Pattern DELIVERY_TYPE = Pattern.compile("dev\\.referral\\.sidecar\\.delivery\\.(\\w+)");

    @Test
    void theCallersOfDeliveryNeverNameTheStore() {
        List<String> found = new ArrayList<>();
        for (Path source : callerSources()) {
            if (read(source).contains("dev.referral.sidecar.outbox")) {
                found.add(MAIN.relativize(source).toString());
            }
        }
        assertEquals(List.of(), found, "hook/, dashboard/ and webhook/ must not use dev.referral.sidecar.outbox");
    }

    @Test
    void theCallersOfDeliveryUseOnlyTheFacadeAndItsContract() {
        List<String> found = new ArrayList<>();
        for (Path source : callerSources()) {
            Matcher type = DELIVERY_TYPE.matcher(read(source));
            while (type.find()) {
                if (!DELIVERY_CONTRACT.contains(type.group(1))) {
                    found.add(MAIN.relativize(source) + ": " + type.group());
                }
            }
        }
        assertEquals(List.of(), found, "hook/, dashboard/ and webhook/ reach delivery only through Delivery");
    }

    @Test
    void theCallerPackagesExist() {
        // Guards the two tests above against a rename that would leave them scanning nothing.
        for (String caller : CALLERS) {
            assertFalse(sources(MAIN.resolve(caller)).isEmpty(), caller);
        }
    }

    private static List<Path> callerSources() {
        return CALLERS.stream().flatMap(caller -> sources(MAIN.resolve(caller)).stream()).toList();
    }

    private static List<Path> sources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
