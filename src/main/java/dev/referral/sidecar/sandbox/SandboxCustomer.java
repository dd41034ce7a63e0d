package dev.referral.sidecar.sandbox;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A customer as the emulator keeps it. {@code uid} ({@code cus_000001}...) links rewards, credits and referrals,
 * so a customer deleted and created again under the same public id starts with an empty history, as Partnero's
 * own internal ids would.
 */
@RegisterForReflection
record SandboxCustomer(String uid, String id, String key, String email, String name, String surname,
        ObjectNode metadata, ObjectNode customFields, String referrerUid, boolean archived, Instant createdAt,
        Instant updatedAt) {

    SandboxCustomer withReferrer(String newReferrerUid) {
        return new SandboxCustomer(uid, id, key, email, name, surname, metadata, customFields, newReferrerUid,
                archived, createdAt, updatedAt);
    }

    SandboxCustomer withArchived(boolean newArchived, Instant now) {
        return new SandboxCustomer(uid, id, key, email, name, surname, metadata, customFields, referrerUid,
                newArchived, createdAt, now);
    }
}
