package dev.referral.sidecar.hook;

import java.math.BigDecimal;

import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** One transaction of a batch purchase. */
public record PurchaseLine(
        @NotNull @ValidKey String key,
        @NotNull @Positive @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @Pattern(regexp = "[a-z][a-z0-9_]{0,31}", message = "must be a lowercase word such as sale") String action) {

    public PurchaseLine {
        action = action == null ? "sale" : action;
    }
}
