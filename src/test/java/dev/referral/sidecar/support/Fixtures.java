package dev.referral.sidecar.support;

/**
 * Partnero answers as documented (PARTNERO.md sections 2 and 3), for WireMock stubs. Emails are at example.com.
 */
public final class Fixtures {

    /** A proxy's HTML error page, under {@code src/test/resources/partnero/__files}. */
    public static final String BAD_GATEWAY_PAGE = "bad-gateway.html";

    private Fixtures() {
    }

    /** {@code GET /customers/{key}}: note there is no {@code key} field (H3). */
    public static String customer(String id) {
        return """
                {"data":{"id":"%1$s","email":"%1$s@example.com","name":"Alice","surname":"Smith","status":"active",
                 "approved":true,"referring_customer":null,"referrals_count":2,"metadata":{},"custom_fields":{},
                 "referral_link":"https://example.com/?ref=%1$s","referral_links":["https://example.com/?ref=%1$s"],
                 "created_at":"2025-05-09T17:42:13.000000Z","updated_at":"2025-05-09T17:42:13.000000Z"},"status":1}
                """.formatted(id);
    }

    public static String stats() {
        return """
                {"data":{"clicks":0,"referrals_count":2,"purchases_count":1,
                 "revenue":{"amount":100,"amount_units":"USD"},"rewards":{"amount":10,"amount_units":"USD"}},"status":1}
                """;
    }

    public static String balance() {
        return """
                {"data":{"customer":"alice_123","balance":{"currency":[{"amount":10,"amount_units":"USD",
                 "is_currency":true}]}},"status":1}
                """;
    }

    /** One page of referrals: full customer objects, with data the dashboard must not pass on. */
    public static String referrals() {
        return """
                {"data":[
                  {"id":"bob_456","email":"bob@example.com","name":"Bob","surname":"Jones","status":"active",
                   "custom_fields":{"phone":"555-0100"},"created_at":"2025-05-10T08:00:00.000000Z"},
                  {"id":"carol_789","email":"carol@example.com","name":"Carol","surname":"Lee","status":"active",
                   "custom_fields":{},"created_at":"2025-05-11T09:30:00.000000Z"}],
                 "links":{"first":"https://api.partnero.com/v1/customers/alice_123/referrals?page=1","last":null,
                  "prev":null,"next":null},
                 "meta":{"current_page":1,"from":1,"path":"https://api.partnero.com/v1/customers/alice_123/referrals",
                  "per_page":15,"to":2}}
                """;
    }

    public static String transaction(String key) {
        return """
                {"data":{"key":"%s","action":"sale","amount":100,"customer":"alice_123",
                 "referred_customer":"bob_456","credit":false,"is_currency":true,"amount_units":"USD",
                 "created_at":"2025-05-09T17:50:02.000000Z","rewards":[]},"status":1}
                """.formatted(key);
    }

    public static String deleted() {
        return "{\"status\":1}";
    }

    /** Laravel's 422: the first message plus a count, and every field with its messages. */
    public static String duplicateCustomer() {
        return """
                {"message":"The key has already been taken. (and 1 more error)",
                 "errors":{"key":["The key has already been taken."],"email":["The email has already been taken."]}}
                """;
    }

    public static String notFound(String what) {
        return "{\"message\":\"" + what + " not found.\"}";
    }
}
