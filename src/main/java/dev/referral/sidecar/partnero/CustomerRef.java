package dev.referral.sidecar.partnero;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code {"key": ...}}: how a request names a customer (buyer, referrer). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerRef(String key) {
}
