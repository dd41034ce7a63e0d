package dev.referral.sidecar.hook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer of {@code /purchase-hook}: one status per transaction key. */
public record PurchaseHookResponse(List<Item> transactions) {

    /**
     * {@code delivered}, {@code queued}, {@code duplicate}, {@code rejected} (with Partnero's message) or
     * {@code dead_letter} (a dead letter Partnero did not refuse, waiting for an operator; with its reason).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String key, String status, String message) {
    }
}
