package dev.referral.sidecar.sandbox;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A friend invitation ({@code POST /customers:invite}): recorded, never sent. A password is never kept. */
@RegisterForReflection
record SandboxInvite(String uid, String email, String name, String surname, ObjectNode personalization,
        Instant createdAt) {
}
