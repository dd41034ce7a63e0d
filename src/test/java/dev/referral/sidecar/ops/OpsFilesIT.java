package dev.referral.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.support.ExternalProcess;
import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.SidecarJar;

/**
 * The operations files under k8s/ stay true to the sidecar: the alerting rules pass promtool's check and unit
 * tests, and every metric the rules and the Grafana dashboard query is one the packaged jar really serves.
 */
class OpsFilesIT {

    private static final Path MONITORING = Path.of("k8s", "monitoring");
    private static final Path RULES = MONITORING.resolve("prometheus-rules.yaml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bsidecar_[a-z_]+");

    @Test
    void theAlertingRulesPassPromtoolsCheckAndUnitTests() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean promtool = ExternalProcess.available("promtool");
        assertTrue(promtool || !ci, "CI=true but promtool is missing: .ci/run installs it (Debian package prometheus)");
        assumeTrue(promtool, "promtool not installed (apt-get install prometheus)");
        String checked = ExternalProcess.run(List.of("promtool", "check", "rules", RULES.toString()), Map.of());
        assertTrue(checked.contains("SUCCESS: 5 rules found"), checked);
        ExternalProcess.run(List.of("promtool", "test", "rules", MONITORING.resolve("prometheus-rules.test.yaml")
                .toString()), Map.of());
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsServed() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        dashboard.findValues("expr").forEach(expr -> queried.addAll(metrics(expr.asText())));
        queried.addAll(metrics(Files.readString(RULES)));
        assertTrue(queried.size() >= 10, "the dashboard queries " + queried);

        Path dir = Files.createTempDirectory(Path.of("target"), "ops-files-");
        try (SidecarJar jar = SidecarJar.start(dir.getFileName().toString(),
                Map.of("REFERRAL_STORE_URL", "jdbc:sqlite:" + dir.resolve("r.db")))) {
            // Counters and timers appear once used: one sign-up, one purchase, one dashboard.
            assertEquals(201, Http.postJson(jar.uri("/signup-hook"), "{\"key\":\"ops_alice\"}").statusCode());
            assertEquals(201, Http.postJson(jar.uri("/purchase-hook"),
                    "{\"customer_key\":\"ops_alice\",\"key\":\"ops_order_1\",\"amount\":10}").statusCode());
            assertEquals(200, Http.get(jar.uri("/referrals/ops_alice")).statusCode());
            Set<String> served = Http.get(jar.managementUri("/q/metrics")).body().lines()
                    .filter(line -> line.startsWith("sidecar_"))
                    .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(served);
            assertTrue(missing.isEmpty(), "queried but not served: " + missing + "; served: " + served);
        }
    }

    @Test
    void thePodRunsTheSidecarAsANativeSidecarWithoutAServiceAccountToken() throws Exception {
        String deployment = Files.readString(Path.of("k8s", "deployment.yaml"));
        assertTrue(deployment.contains("automountServiceAccountToken: false"), "service account token mounted");
        int init = deployment.indexOf("initContainers:");
        int sidecar = deployment.indexOf("- name: referral-sidecar");
        int containers = deployment.indexOf("\n      containers:");
        assertTrue(init > 0 && init < sidecar && sidecar < containers, "the sidecar is not an init container");
        assertTrue(deployment.substring(sidecar, containers).contains("restartPolicy: Always"),
                "the init container is not a native sidecar");
        String secret = Files.readString(Path.of("k8s", "secret.example.yaml"));
        String config = Files.readString(Path.of("k8s", "configmap.yaml"));
        assertTrue(config.contains("SIDECAR_MODE: live") && secret.contains("  SIDECAR_TOKEN:"),
                "live mode without SIDECAR_TOKEN in the Secret");
        String policy = Files.readString(Path.of("k8s", "networkpolicy.yaml"));
        assertTrue(policy.contains("kind: NetworkPolicy") && policy.contains("port: 8080"), policy);
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
