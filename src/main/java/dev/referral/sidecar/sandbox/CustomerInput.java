package dev.referral.sidecar.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The customer fields of a create or update body, checked field by field (PARTNERO.md section 7.5). Paths carry
 * {@code prefix} so a nested update reports {@code update.email}, as Laravel would.
 */
record CustomerInput(String id, String key, String email, String name, String surname, ObjectNode metadata,
        ObjectNode customFields, String referrerPath, String referrerValue) {

    static CustomerInput read(ObjectNode body, String prefix, Violations violations) {
        String id = Rules.string(body, "id", prefix + "id", 1, violations);
        String key = Rules.string(body, "key", prefix + "key", 1, violations);
        String email = Rules.email(body, "email", prefix + "email", violations);
        String name = Rules.string(body, "name", prefix + "name", 0, violations);
        String surname = Rules.string(body, "surname", prefix + "surname", 0, violations);
        ObjectNode metadata = Rules.object(body, "metadata", prefix + "metadata", violations);
        if (metadata != null) {
            Rules.date(metadata, "date_of_birth", prefix + "metadata.date_of_birth", violations);
        }
        ObjectNode customFields = Rules.object(body, "custom_fields", prefix + "custom_fields", violations);
        ObjectNode referrer = Rules.object(body, "referring_customer", prefix + "referring_customer", violations);
        // The id wins when both are given (PARTNERO.md section 2.1).
        String referrerField = referrer == null ? null : Rules.present(referrer, "id") ? "id"
                : Rules.present(referrer, "key") ? "key" : null;
        String referrerPath = referrerField == null ? null : prefix + "referring_customer." + referrerField;
        String referrerValue = referrerField == null ? null
                : Rules.string(referrer, referrerField, referrerPath, 1, violations);
        return new CustomerInput(id, key, email, name, surname, metadata, customFields, referrerPath,
                referrerValue);
    }

    boolean namesReferrer() {
        return referrerValue != null;
    }
}
