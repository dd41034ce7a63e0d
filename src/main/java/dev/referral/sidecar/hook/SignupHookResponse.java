package dev.referral.sidecar.hook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer of {@code /signup-hook}: absent fields are omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignupHookResponse(String key, String referredBy, String referralLink, List<String> referralLinks,
        String status, String referralIgnored) {

    static SignupHookResponse queued(String key, String referralIgnored) {
        return new SignupHookResponse(key, null, null, null, "queued", referralIgnored);
    }
}
