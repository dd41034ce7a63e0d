package dev.referral.sidecar.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/** What the emulator answers one Partnero call with: a status and a JSON body. */
record Reply(int status, JsonNode body) {

    static Reply ok(JsonNode data) {
        return new Reply(200, PartneroJson.envelope(data));
    }

    /** A paginated list: the page's {@code data}, {@code links} and {@code meta}, plus {@code status}. */
    static Reply list(com.fasterxml.jackson.databind.node.ObjectNode page) {
        return new Reply(200, page.put("status", 1));
    }

    static Reply done() {
        return new Reply(200, PartneroJson.done());
    }
}
