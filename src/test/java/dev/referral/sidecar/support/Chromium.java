package dev.referral.sidecar.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium driven by its own chromedriver, both at fixed paths: Selenium Manager never runs and
 * nothing is downloaded. Without them the test is skipped on a developer machine and fails with {@code CI=true}
 * ({@code .ci/run} installs {@code chromium chromium-driver}). The browser's performance log is kept, so a test can
 * list every request the page made.
 */
public final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Chromium start(int width, int height) throws IOException {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + BROWSER + " or " + DRIVER + " is missing (apt-get install chromium chromium-driver)");
        }
        assumeTrue(present, "chromium and chromium-driver are not installed (CI installs them)");
        Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-extensions",
                        "--user-data-dir=" + profile.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
        Path log = Path.of("target", "it-logs", "chromedriver.log");
        Files.createDirectories(log.getParent());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(log.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
        driver.manage().window().setSize(new Dimension(width, height));
        return new Chromium(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The performance log's messages since the last call (CDP events as JSON text). */
    public List<String> performanceLog() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
