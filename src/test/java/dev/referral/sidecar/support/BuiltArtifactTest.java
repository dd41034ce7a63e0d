package dev.referral.sidecar.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The black-box tests start whatever the build made: the jar by default, the native executable after -Dnative. */
class BuiltArtifactTest {

    @TempDir
    Path target;

    @Test
    void aJarBuildIsStartedWithThisJvm() throws IOException {
        BuiltArtifact jar = BuiltArtifact.read(properties("type=jar\npath=quarkus-app/quarkus-run.jar\n"));
        List<String> command = jar.command();
        assertEquals(3, command.size());
        assertTrue(command.get(0).endsWith("/bin/java"), command.get(0));
        assertEquals(List.of("-jar", target.resolve("quarkus-app/quarkus-run.jar").toString()), command.subList(1, 3));
    }

    @Test
    void aNativeBuildIsStartedAsTheExecutable() throws IOException {
        BuiltArtifact binary = BuiltArtifact.read(properties("type=native\npath=referral-sidecar-1.0.0-runner\n"));
        assertTrue(binary.nativeExecutable());
        assertEquals(List.of(target.resolve("referral-sidecar-1.0.0-runner").toString()), binary.command());
    }

    @Test
    void anythingElseIsRefusedRatherThanGuessed() throws IOException {
        Path uber = properties("type=uber-jar\npath=x.jar\n");
        assertThrows(IllegalStateException.class, () -> BuiltArtifact.read(uber));
        assertThrows(IllegalStateException.class, () -> BuiltArtifact.read(target.resolve("missing.properties")));
    }

    private Path properties(String content) throws IOException {
        return Files.writeString(target.resolve("quarkus-artifact.properties"), content);
    }
}
