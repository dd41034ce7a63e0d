package dev.referral.sidecar.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.support.ExternalProcess;

/**
 * The soak at CI size: {@code bench/soak.sh} with 500 purchases and one {@code kill -9} of the packaged jar while
 * the load runs, against the emulator in its own process with about 30 % injected faults (5xx before and after
 * commit, 429, hangs). Every purchase answered 2xx is in the emulator exactly once unless refunded, none twice,
 * each customer's in acceptance order, no dead letters.
 */
class SoakIT {

    @Test
    void fiveHundredPurchasesAndOneKillLoseNothingAndDuplicateNothing() throws Exception {
        Process soak = ExternalProcess.start("soak", List.of("bash", "bench/soak.sh"), java.util.Map.of("PURCHASES",
                "500", "CUSTOMERS", "50", "CONNECTIONS", "8", "KILLS", "1", "KILL_AT", "0.2,0.6"));
        boolean ended = soak.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            soak.descendants().forEach(ProcessHandle::destroyForcibly);
            soak.destroyForcibly();
        }
        String output = Files.readString(Path.of("target", "it-logs", "soak.log"), StandardCharsets.UTF_8);
        assertTrue(ended, "the soak did not end within 10 minutes:\n" + tail(output));
        JsonNode report = report(output);
        assertEquals(1, report.path("kills").asInt(), "one kill -9 while the load ran:\n" + tail(output));
        assertTrue(report.path("purchases_accepted").asInt() >= 490, "purchases answered 2xx:\n" + tail(output));
        assertTrue(report.path("drained").asBoolean(), tail(output));
        assertEquals(0, report.path("in_emulator_twice").asInt(), tail(output));
        assertEquals(0, report.path("missing_or_not_once").asInt(), tail(output));
        assertEquals(0, report.path("refunded_but_live").asInt(), tail(output));
        assertEquals(0, report.path("customer_order_violations").asInt(), tail(output));
        assertEquals(0, report.path("dead_letters").asInt(), tail(output));
        assertEquals(0, soak.exitValue(), tail(output));
    }

    /** The JSON report soak.py prints: from the last line that is exactly "{" to the next "}". */
    private static JsonNode report(String output) throws Exception {
        List<String> lines = output.lines().toList();
        int start = lines.lastIndexOf("{");
        assertTrue(start >= 0, "no report in the output:\n" + tail(output));
        int end = start;
        while (end < lines.size() && !lines.get(end).equals("}")) {
            end++;
        }
        return new ObjectMapper().readTree(String.join("\n", lines.subList(start, Math.min(end + 1, lines.size()))));
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
