package dev.referral.sidecar.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.support.Chromium;
import dev.referral.sidecar.support.SidecarJar;

/**
 * The sandbox console in headless Chromium against the packaged jar in sandbox mode, driven by clicks and typing:
 * a visitor arrives through Alice's referral link, signs up and buys; the page shows Bob under Alice and her
 * 10 % reward. Then Partnero goes down, a purchase is answered {@code queued}, Partnero recovers and the purchase
 * arrives exactly once. Screenshots go to {@code target/screenshots/}; the page must not contact another origin.
 */
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** URL schemes of the browser's own pages and resources. */
    private static final java.util.regex.Pattern BROWSER_OWN = java.util.regex.Pattern.compile(
            "(chrome|chrome-untrusted|chrome-search|chrome-extension|devtools):");

    @Test
    void aReferralAndAnOutageAreVisibleAndNothingIsLost() throws Exception {
        Path store = Files.createTempDirectory(Path.of("target"), "console-").resolve("referrals.db");
        try (Chromium chromium = Chromium.start(1280, 2000);
                SidecarJar sidecar = SidecarJar.start("console", Map.of("REFERRAL_STORE_URL", "jdbc:sqlite:" + store))) {
            try {
                walk(chromium, "http://127.0.0.1:" + sidecar.port());
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("console-failure");
                throw e;
            }
        }
    }

    private static void walk(Chromium chromium, String origin) throws Exception {
        WebDriver page = chromium.driver();
        page.get(origin + "/sandbox");
        waitFor(page, 20).until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile(
                "^Updated")));

        signUp(page, "alice", "Alice", false);
        answerContains(page, "\"key\": \"alice\"");

        // The visitor opens Alice's link: the page, like PartneroJS, keeps ref in the partnero_referral cookie.
        waitFor(page, 10).until(d -> new Select(d.findElement(By.id("referrer"))).getOptions().stream()
                .anyMatch(o -> "alice".equals(o.getAttribute("value"))));
        new Select(page.findElement(By.id("referrer"))).selectByValue("alice");
        assertEquals("http://localhost:3000/?ref=alice", page.findElement(By.id("referral-link")).getText());
        page.findElement(By.id("open-link")).click();
        waitFor(page, 10).until(ExpectedConditions.textToBe(By.id("cookie"), "partnero_referral=alice"));

        // Submitted with the Enter key: the form works from the keyboard.
        signUp(page, "bob", "Bob", true);
        answerContains(page, "\"referred_by\": \"alice\"");

        buy(page, "bob", "order_1001", "100.00");
        answerContains(page, "delivered");
        waitFor(page, 10).until(d -> cells(d, "customers", "alice").equals(List.of("alice", "Alice",
                "http://localhost:3000/?ref=alice", "—", "1", "10.00 USD")));
        assertEquals("alice", cells(page, "customers", "bob").get(3), "Bob is under Alice");
        assertEquals("10.00 USD to alice", cells(page, "transactions", "order_1001").get(4));
        chromium.screenshot("console-1-referral");

        // Partnero goes down: the purchase is accepted and queued.
        page.findElement(By.cssSelector("[data-fault='down']")).click();
        waitFor(page, 10).until(ExpectedConditions.textMatches(By.id("faults"), java.util.regex.Pattern.compile(
                "503")));
        buy(page, "bob", "order_1002", "50.00");
        answerContains(page, "queued");
        waitFor(page, 10).until(d -> cells(d, "queue", "order_1002").size() == 8);
        assertEquals("0×", cells(page, "queue", "order_1002").get(7), "nothing reached Partnero yet");
        chromium.screenshot("console-2-partnero-down");

        // Partnero recovers: the queue drains and the purchase arrives once.
        page.findElement(By.cssSelector("[data-fault='recover']")).click();
        waitFor(page, 40).until(d -> {
            List<String> row = cells(d, "queue", "order_1002");
            return row.size() == 8 && row.get(4).contains("delivered") && row.get(7).equals("1×");
        });
        assertEquals(1, page.findElements(By.cssSelector("#transactions tr[data-key='order_1002']")).size());
        waitFor(page, 10).until(d -> cells(d, "customers", "alice").get(5).equals("15.00 USD"));

        page.findElement(By.id("dashboard-key")).sendKeys("alice");
        page.findElement(By.id("dashboard")).click();
        answerContains(page, "\"referrals_count\": 1");
        chromium.screenshot("console-3-recovered");

        resetAsksFirst(page);
        assertOnlyThisOrigin(chromium.performanceLog(), origin);
    }

    private static void signUp(WebDriver page, String key, String name, boolean withEnter) {
        type(page, "signup-key", key);
        type(page, "signup-name", name);
        type(page, "signup-email", key + "@example.com");
        if (withEnter) {
            page.findElement(By.id("signup-email")).sendKeys(Keys.ENTER);
        } else {
            page.findElement(By.id("signup")).click();
        }
    }

    private static void buy(WebDriver page, String customer, String order, String amount) {
        type(page, "buyer", customer);
        type(page, "order", order);
        type(page, "amount", amount);
        page.findElement(By.id("buy")).click();
    }

    private static void type(WebDriver page, String id, String text) {
        WebElement field = page.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Waits for the answer panel to show {@code text} (the previous answer is replaced when a step completes). */
    private static void answerContains(WebDriver page, String text) {
        waitFor(page, 15).until(d -> d.findElements(By.id("answer")).stream()
                .anyMatch(answer -> answer.getText().contains(text)));
    }

    /** Cancelling the confirmation keeps everything; confirming clears the emulator. */
    private static void resetAsksFirst(WebDriver page) {
        page.findElement(By.id("reset")).click();
        waitFor(page, 5).until(ExpectedConditions.alertIsPresent()).dismiss();
        assertFalse(cells(page, "customers", "alice").isEmpty(), "cancelled: nothing reset");
        page.findElement(By.id("reset")).click();
        waitFor(page, 5).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(page, 10).until(d -> cells(d, "customers", "alice").isEmpty());
    }

    /** The texts of the row of table {@code table} whose {@code data-key} is {@code key}; empty when absent. */
    @SuppressWarnings("unchecked")
    private static List<String> cells(WebDriver page, String table, String key) {
        // Read in one script: the page re-renders its tables every second, so element handles go stale.
        return (List<String>) ((JavascriptExecutor) page).executeScript("const row = document.querySelector("
                + "'#' + arguments[0] + ' tr[data-key=\"' + arguments[1] + '\"]');"
                + "return row ? Array.from(row.cells).map(c => c.textContent) : [];", table, key);
    }

    /**
     * Every request the page made, from the browser's own network log, went to the sidecar's origin. The browser's
     * internal pages are not the page and are left out: its blank start tab loads {@code chrome://} resources, and
     * since Chromium 150 {@code chrome-untrusted://new-tab-page/} ones too.
     */
    private static void assertOnlyThisOrigin(List<String> log, String origin) throws Exception {
        List<String> urls = new ArrayList<>();
        for (String entry : log) {
            JsonNode message = JSON.readTree(entry).path("message");
            JsonNode params = message.path("params");
            String url = params.path("request").path("url").asText();
            boolean fromPage = params.path("documentURL").asText().startsWith(origin + "/");
            if ("Network.requestWillBeSent".equals(message.path("method").asText())
                    && (fromPage || !BROWSER_OWN.matcher(url).lookingAt())) {
                urls.add(url);
            }
        }
        assertTrue(urls.stream().anyMatch(u -> u.startsWith(origin + "/admin/outbox")), "the log saw the page: " + urls);
        List<String> elsewhere = urls.stream().filter(u -> !u.startsWith(origin + "/") && !u.startsWith("data:"))
                .distinct().toList();
        assertTrue(elsewhere.isEmpty(), "requests to another origin: " + elsewhere);
    }

    private static WebDriverWait waitFor(WebDriver page, int seconds) {
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
