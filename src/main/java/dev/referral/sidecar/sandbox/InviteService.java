package dev.referral.sidecar.sandbox;

import java.time.Clock;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /customers:invite}, a friend invitation by email. Partnero would send an email; the emulator records
 * the invitation in its state ({@code GET /sandbox/state}, {@code invites}) and sends nothing. The reply's shape is
 * the emulator's own: Partnero documents none.
 */
@ApplicationScoped
class InviteService {

    private final SandboxStore store;
    private final Capacity capacity;
    private final Clock clock;

    InviteService(SandboxStore store, Capacity capacity, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Requires a valid {@code email}; {@code name}, {@code surname} and {@code personalization} are optional. */
    Reply invite(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        String email = Rules.email(fields, "email", "email", violations);
        if (email == null && !Rules.present(fields, "email")) {
            Rules.required("email", violations);
        }
        String name = Rules.string(fields, "name", "name", 0, violations);
        String surname = Rules.string(fields, "surname", "surname", 0, violations);
        ObjectNode personalization = Rules.object(fields, "personalization", "personalization", violations);
        violations.throwIfAny();
        return Reply.ok(store.write(state -> {
            capacity.invites(state);
            SandboxInvite invite = new SandboxInvite(state.nextId("inv"), email, name, surname,
                    personalization == null ? PartneroJson.object() : personalization.deepCopy(), clock.instant());
            state.add(invite);
            return render(invite);
        }));
    }

    private static ObjectNode render(SandboxInvite invite) {
        ObjectNode node = PartneroJson.object();
        node.put("email", invite.email());
        node.put("name", invite.name());
        node.put("surname", invite.surname());
        node.set("personalization", invite.personalization().deepCopy());
        node.put("sent", false);
        node.put("created_at", PartneroJson.time(invite.createdAt()));
        return node;
    }
}
