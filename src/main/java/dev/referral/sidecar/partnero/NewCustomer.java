package dev.referral.sidecar.partnero;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code POST /customers} body; absent fields are omitted, the referrer only when known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewCustomer(
        String key,
        String email,
        String name,
        String surname,
        Metadata metadata,
        CustomerRef referringCustomer) {

    /** {@code metadata} of a customer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String dateOfBirth) {
    }

    /** The same customer without a referrer (Partnero rejected it as unknown). */
    public NewCustomer withoutReferrer() {
        return new NewCustomer(key, email, name, surname, metadata, null);
    }

    @Override
    public String toString() {
        return "NewCustomer[key=" + key + ", referrer=" + (referringCustomer == null ? null : referringCustomer.key())
                + "]";
    }
}
