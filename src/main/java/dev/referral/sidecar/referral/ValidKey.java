package dev.referral.sidecar.referral;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Bean Validation form of {@link KeyRule} for request records; {@code null} passes (pair with {@code @NotNull}). */
@Documented
@Constraint(validatedBy = ValidKey.Validator.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Retention(RUNTIME)
public @interface ValidKey {

    String message() default KeyRule.MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a string against {@link KeyRule}. */
    class Validator implements ConstraintValidator<ValidKey, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || KeyRule.valid(value);
        }
    }
}
