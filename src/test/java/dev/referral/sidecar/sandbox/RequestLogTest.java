package dev.referral.sidecar.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RequestLogTest {

    @Test
    void keepsOnlyTheLastThousandRequests() {
        RequestLog log = new RequestLog(RequestLog.DEFAULT_CAPACITY);
        for (int i = 0; i < RequestLog.DEFAULT_CAPACITY + 5; i++) {
            log.add(new LoggedRequest("GET", "/sandbox/v1/test/" + i, 200, Instant.EPOCH, 0));
        }
        assertEquals(RequestLog.DEFAULT_CAPACITY, log.entries().size());
        assertEquals("/sandbox/v1/test/5", log.entries().get(0).path());
    }
}
