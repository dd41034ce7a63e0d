package dev.referral.sidecar.hook;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.referral.sidecar.IdempotencyKeyHeader;
import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /purchase-hook}: either one purchase ({@code key}, {@code amount}, {@code action}) or a batch
 * ({@code transactions}) of one customer, validated as a whole.
 */
@PurchaseHookRequest.OneShape
public record PurchaseHookRequest(
        @NotNull @ValidKey String customerKey,
        @ValidKey String key,
        @Positive @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @Pattern(regexp = "[a-z][a-z0-9_]{0,31}", message = "must be a lowercase word such as sale") String action,
        @Size(min = 1, max = 100) List<@Valid @NotNull PurchaseLine> transactions)
        implements IdempotencyKeyHeader.Keyed<PurchaseHookRequest> {

    /** The purchase as a list of lines, whichever shape it came in. */
    public List<PurchaseLine> lines() {
        return transactions != null ? transactions : List.of(new PurchaseLine(key, amount, action));
    }

    @Override
    public String bodyKey() {
        return key;
    }

    @Override
    public String bodyKeyField() {
        return "key";
    }

    @Override
    public boolean takesHeaderKey() {
        return transactions == null;
    }

    @Override
    public PurchaseHookRequest withHeaderKey(String headerKey) {
        return new PurchaseHookRequest(customerKey, headerKey, amount, action, transactions);
    }

    /** Single or batch, not both; in a batch every key once. */
    @Constraint(validatedBy = OneShape.Validator.class)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    public @interface OneShape {

        String message() default "send either key and amount, or transactions";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Reports each problem on the field it concerns. */
        class Validator implements ConstraintValidator<OneShape, PurchaseHookRequest> {
            @Override
            public boolean isValid(PurchaseHookRequest r, ConstraintValidatorContext context) {
                context.disableDefaultConstraintViolation();
                boolean valid = true;
                if (r.transactions() == null) {
                    valid &= require(r.key() != null, "key", "must not be null", context);
                    valid &= require(r.amount() != null, "amount", "must not be null", context);
                } else {
                    valid &= require(r.key() == null && r.amount() == null, "transactions",
                            "send either key and amount, or transactions", context);
                    valid &= uniqueKeys(r.transactions(), context);
                }
                return valid;
            }

            private static boolean uniqueKeys(List<PurchaseLine> lines, ConstraintValidatorContext context) {
                Set<String> seen = new HashSet<>();
                boolean valid = true;
                for (int i = 0; i < lines.size(); i++) {
                    PurchaseLine line = lines.get(i);
                    if (line != null && line.key() != null && !seen.add(line.key())) {
                        context.buildConstraintViolationWithTemplate("repeats an earlier key of this batch")
                                .addPropertyNode("transactions").addPropertyNode("key").inIterable().atIndex(i)
                                .addConstraintViolation();
                        valid = false;
                    }
                }
                return valid;
            }

            private static boolean require(boolean ok, String field, String message,
                    ConstraintValidatorContext context) {
                if (!ok) {
                    context.buildConstraintViolationWithTemplate(message).addPropertyNode(field)
                            .addConstraintViolation();
                }
                return ok;
            }
        }
    }
}
