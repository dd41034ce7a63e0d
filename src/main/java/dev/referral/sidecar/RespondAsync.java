package dev.referral.sidecar;

import java.util.Locale;

import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code Prefer: respond-async} (RFC 7240) on the write hooks: the caller does not need Partnero's answer, so the
 * write is answered 202 {@code queued} right after its commit, without waiting for the immediate attempt, which runs
 * in the background (within {@code sidecar.hook.async-attempts}; beyond that the dispatcher delivers the write). A 202
 * given to such a request says so in {@code Preference-Applied}.
 */
public final class RespondAsync {

    public static final String PREFER = "Prefer";
    public static final String APPLIED = "Preference-Applied";
    private static final String TOKEN = "respond-async";

    private RespondAsync() {
    }

    /** True when one of the {@code Prefer} preferences is {@code respond-async} (names are case-insensitive). */
    public static boolean requested(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            String name = preference.split("[;=]", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals(TOKEN)) {
                return true;
            }
        }
        return false;
    }

    /** The answer with its status, and {@code Preference-Applied} when a requested async answer is a 202. */
    public static <T> RestResponse<T> answer(boolean requested, int status, T body) {
        RestResponse.ResponseBuilder<T> response = RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(status), body);
        if (requested && status == 202) {
            response.header(APPLIED, TOKEN);
        }
        return response.build();
    }
}
