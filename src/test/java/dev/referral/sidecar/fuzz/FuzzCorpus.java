package dev.referral.sidecar.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated corpus of hostile requests, reproducible from its seed: valid bodies mutated (characters dropped,
 * inserted, members duplicated, values swapped for odd ones), junk bytes, every content type or none, odd cookies,
 * odd path segments and queries. Each request carries a unique marker key, so a test can tell whether it reached
 * the store or Partnero.
 */
final class FuzzCorpus {

    /** One request: method, raw request target, headers, body, and the marker key it carries. */
    record Request(String method, String target, List<String> headers, byte[] body, String marker) {
    }

    private static final String[] CONTENT_TYPES = {null, "application/json", "application/json; charset=utf-8",
        "text/plain", "application/x-www-form-urlencoded", "application/xml", "*/*", "application/json; charset=latin1",
        "multipart/form-data; boundary=x", "junk"};
    private static final String[] ODD_VALUES = {"null", "[]", "{}", "\"\"", "true", "-1", "0", "1e999999999",
        "99999999999999999999999999", "\"\\u0000\"", "\"../x\"", "\"%2F\"", "\"a\\\\b\"", "\".hidden\"",
        "[[[[[[[[[[1]]]]]]]]]]", "\"" + "k".repeat(300) + "\"", "1.005", "\"ü𝄞\"", "\"x@example.com\""};
    private static final String[] ODD_SEGMENTS = {"%2F", "%5C", "%3F", "%23", "%00", ".x", "..", "%2e%2e", "a%20b",
        "%C3%A9", "%FF", "a;b=c", "a%3Bb", "k".repeat(300), "%2e", "a%2Fb", "%0d%0a"};
    private static final String[] ODD_QUERIES = {"", "?page=abc", "?limit=-1", "?limit=1e3", "?page=0",
        "?page=99999999999999999999", "?x=%ZZ", "?limit=251", "?page=1&page=2", "?confirm=%00", "?=&&="};
    private static final String[] ODD_COOKIES = {null, "partnero_referral=%ZZ", "partnero_referral=\"\"",
        "partnero_referral=\"quoted_1\"", "a=b; partnero_referral=..%2Fadmin; partnero_referral=x",
        "partnero_referral=" + "r".repeat(3000), "partnero_referral=%00", "=;;=; ;", "partnero_referral=a+b",
        "partnero_referral=%C3%A9", "partnero_referral"};
    private static final char[] INSERTS = "{}[]\",:\\ \t\n0e-.u\u00fc".toCharArray();

    private final Random random;
    private int next;

    FuzzCorpus(long seed) {
        this.random = new Random(seed);
    }

    List<Request> generate(int count) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(one());
        }
        return requests;
    }

    private Request one() {
        String marker = "fz" + (next++) + "m";
        List<String> headers = new ArrayList<>();
        String contentType = pick(CONTENT_TYPES);
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        String cookie = pick(ODD_COOKIES);
        if (cookie != null) {
            headers.add("Cookie: " + cookie);
        }
        String segment = random.nextInt(3) == 0 ? pick(ODD_SEGMENTS) : marker;
        String query = random.nextInt(3) == 0 ? pick(ODD_QUERIES) : "";
        return switch (random.nextInt(9)) {
            case 0 -> post("/signup-hook" + query, headers, body("{\"key\":\"" + marker + "\",\"email\":\""
                    + marker + "@example.com\",\"name\":\"N\",\"metadata\":{\"date_of_birth\":\"1990-01-01\"},"
                    + "\"referral_key\":\"alice_1\"}"), marker);
            case 1 -> post("/purchase-hook" + query, headers, body("{\"customer_key\":\"c_" + marker + "\",\"key\":\""
                    + marker + "\",\"amount\":10.5,\"action\":\"sale\"}"), marker);
            case 2 -> post("/purchase-hook" + query, headers, body("{\"customer_key\":\"c_" + marker
                    + "\",\"transactions\":[{\"key\":\"" + marker + "\",\"amount\":1},{\"key\":\"" + marker
                    + "b\",\"amount\":2}]}"), marker);
            case 3 -> post("/refund-hook" + query, headers, body("{\"key\":\"" + marker + "\"}"), marker);
            case 4 -> post("/referrals/" + segment + "/credit" + query, headers, body("{\"amount\":5,"
                    + "\"amount_units\":\"usd\",\"is_currency\":true,\"idempotency_key\":\"" + marker + "\"}"), marker);
            case 5 -> new Request("GET", "/referrals/" + segment + query, headers, new byte[0], marker);
            case 6 -> new Request(random.nextBoolean() ? "GET" : "DELETE", "/admin/dead-letters/" + segment + query,
                    headers, new byte[0], marker);
            case 7 -> post("/admin/dead-letters/" + segment + "/retry" + query, headers, new byte[0], marker);
            default -> post("/webhooks/partnero" + query, headers, body("{\"event\":\"customer.created\","
                    + "\"data\":{\"id\":\"" + marker + "\"}}"), marker);
        };
    }

    private Request post(String target, List<String> headers, byte[] body, String marker) {
        return new Request("POST", target, headers, body, marker);
    }

    /** A valid body, mutated in one of several ways, or replaced by junk. */
    private byte[] body(String valid) {
        StringBuilder text = new StringBuilder(valid);
        switch (random.nextInt(8)) {
            case 0 -> {
                return valid.getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> text.deleteCharAt(random.nextInt(text.length()));
            case 2 -> text.insert(random.nextInt(text.length()), INSERTS[random.nextInt(INSERTS.length)]);
            case 3 -> text.insert(text.lastIndexOf("}"), "," + firstMember(valid));
            case 4 -> {
                int colon = valid.indexOf(':', random.nextInt(valid.length() / 2));
                int end = colon < 0 ? -1 : nextDelimiter(valid, colon + 1);
                if (end > colon) {
                    text.replace(colon + 1, end, pick(ODD_VALUES));
                }
            }
            case 5 -> text.setLength(random.nextInt(text.length()));
            case 6 -> {
                byte[] junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                return junk;
            }
            default -> {
                return pick(new String[] {"", "null", "[]", "\"text\"", "42", "{", "{}", "[{}]", "key=a&key=b"})
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String firstMember(String json) {
        int colon = json.indexOf(':');
        return json.substring(1, nextDelimiter(json, colon + 1));
    }

    private static int nextDelimiter(String json, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && json.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && (c == '{' || c == '[')) {
                depth++;
            } else if (!quoted && (c == '}' || c == ']' || c == ',')) {
                if (depth == 0) {
                    return i;
                }
                depth -= c == ',' ? 0 : 1;
            }
        }
        return json.length();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
