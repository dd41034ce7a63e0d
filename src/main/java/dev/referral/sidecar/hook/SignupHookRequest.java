package dev.referral.sidecar.hook;

import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /signup-hook}: one sign-up. {@code referral_key} is not validated here: a bad one is ignored. */
public record SignupHookRequest(
        @NotNull @ValidKey String key,
        @Email(regexp = ".+@.+\\..+") @Size(max = 255) String email,
        @Size(max = 255) String name,
        @Size(max = 255) String surname,
        @Valid Metadata metadata,
        @Size(max = 1024) String referralKey) {

    /** {@code metadata}: only the date of birth is read. */
    public record Metadata(@IsoDate String dateOfBirth) {
    }

    @Override
    public String toString() {
        return "SignupHookRequest[key=" + key + "]";
    }
}
