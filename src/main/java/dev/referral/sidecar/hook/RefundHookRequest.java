package dev.referral.sidecar.hook;

import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.constraints.NotNull;

/** {@code POST /refund-hook}: the transaction key to reverse. */
public record RefundHookRequest(@NotNull @ValidKey String key) {
}
