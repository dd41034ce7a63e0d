package dev.referral.sidecar.dashboard;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A query parameter that must be a whole number in [{@code min}, {@code max}]; absent passes (the default applies).
 * Taken as a string so that {@code limit=abc} is a 400 naming the parameter, not the framework's 404.
 */
@Documented
@Constraint(validatedBy = WholeNumber.Validator.class)
@Target(PARAMETER)
@Retention(RUNTIME)
@interface WholeNumber {

    String message() default "must be a whole number from {min} to {max}";

    long min();

    long max();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks digits only (no sign, no spaces), then the range. */
    class Validator implements ConstraintValidator<WholeNumber, String> {

        private static final int MAX_DIGITS = 9;

        private long min;
        private long max;

        @Override
        public void initialize(WholeNumber annotation) {
            this.min = annotation.min();
            this.max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.isEmpty() || value.length() > MAX_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            long number = Long.parseLong(value);
            return number >= min && number <= max;
        }
    }
}
