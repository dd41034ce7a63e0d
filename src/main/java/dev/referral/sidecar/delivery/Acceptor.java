package dev.referral.sidecar.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxIntake;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.StoreException;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepts writes durably: all of one request in one unit of the store writer's group commit, deduplicated in that
 * same transaction, and, for the immediate attempt, the first new row claimed and marked as about to be sent in
 * that commit too. No thread waits for the commit.
 */
@ApplicationScoped
class Acceptor {

    /** One accepted entry: the row that existed before, or the new row when its attempt starts now. */
    record Row(NewEntry entry, Optional<OutboxEntry> existing, Optional<OutboxEntry> sending, boolean queued) {

        /** A new row claimed for its attempt at acceptance (the first of a batch, or a later one). */
        boolean attempted() {
            return existing.isEmpty() && !queued;
        }

        /** This row as its caller sees it when it does not wait for the attempt: a repeat, or a new row "queued". */
        Row unattempted() {
            return existing.isPresent() ? this : new Row(entry, existing, Optional.empty(), true);
        }
    }

    private final Store store;
    private final OutboxIntake intake;
    private final WriteGate gate;
    private final SignupRecords signups;

    Acceptor(Store store, OutboxIntake intake, WriteGate gate, SignupRecords signups) {
        this.store = store;
        this.intake = intake;
        this.gate = gate;
        this.signups = signups;
    }

    /**
     * Queues the acceptance of {@code entries} on their lane's writer; the future completes on the caller's event
     * loop when called from one.
     *
     * @throws KeyReusedException (through the future) when a key exists with other content; then nothing is stored
     */
    CompletableFuture<List<Row>> accept(List<NewEntry> entries, boolean attempt) {
        Context context = Resume.callersContext();
        // Before the commit and again after it: a look-up in between saw no row, and must not be remembered.
        signups.accepting(entries);
        CompletableFuture<List<Row>> accepted = new CompletableFuture<>();
        // One customer's writes per call: its lane picks the writer (PostgreSQL has several).
        String lane = entries.stream().map(NewEntry::lane).filter(Objects::nonNull).findFirst().orElse(null);
        TreeSet<String> lanes = entries.stream().map(NewEntry::lane).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        // One entry of one lane on PostgreSQL: its lock goes with its insert, in one round trip, which the server
        // commits as it answers when nothing shares the writer's group.
        boolean together = entries.size() == 1 && intake.locksInInsert(lanes);
        // Accepts of one entry queued one after another in a group take their locks and insert together
        // (LaneAccept): two round trips for all of them.
        Store.Work<List<Row>> work = together
                ? intake.acceptOne(() -> insert(entries.get(0), attempt, true, false),
                        (insert, placed) -> List.of(row(entries.get(0), insert.start(), placed)))
                : c -> accept(c, entries, lanes, attempt);
        submit(lane, together, work).whenComplete((rows, e) -> {
            signups.accepting(entries);
            if (e instanceof StoreException failure && failure.uniqueViolation()) {
                // Another replica (or writer) inserted one of these keys between our look and our insert: look again.
                submit(lane, together, work).whenComplete((again, e2) -> {
                    signups.accepting(entries);
                    Resume.complete(context, accepted, again, e2);
                });
            } else {
                Resume.complete(context, accepted, rows, e);
            }
        });
        return accepted;
    }

    private CompletableFuture<List<Row>> submit(String lane, boolean together, Store.Work<List<Row>> work) {
        return together ? store.writeSelfCommitting(lane, work) : store.writeAsync(lane, work);
    }

    /**
     * The accepting unit of a group commit: dedupe and insert every entry. With {@code attempt}, the first new
     * entry that heads its lane while writes are open starts as "sending" (claimed, may have been sent), the later
     * ones of the batch claimed for their turn; without, all are left to the dispatcher.
     */
    private List<Row> accept(Connection c, List<NewEntry> entries, TreeSet<String> lanes, boolean attempt)
            throws SQLException {
        long now = intake.lockLanes(c, lanes);
        List<Row> rows = new ArrayList<>();
        boolean first = true;
        boolean chained = false;
        for (NewEntry entry : entries) {
            OutboxIntake.Insert insert = insert(entry, attempt, first, chained);
            OutboxIntake.Placed placed = intake.insertOrFind(c, entry.operation(), entry.dedupeKey(), entry.lane(),
                    entry.payload(), entry.fingerprint(), insert.start(), insert.dueAt(), now);
            Row row = row(entry, insert.start(), placed);
            chained |= row.existing().isEmpty() && !row.queued();
            first &= row.existing().isPresent();
            rows.add(row);
        }
        return rows;
    }

    /**
     * How {@code entry} is to be inserted, read when the writer runs its unit: while writes are open, the first new
     * entry of a call with {@code attempt} is sent at once if it heads its lane, the ones after a claimed one are
     * claimed for their turn; while they are paused (relays aside), every entry waits for the gate to open.
     */
    private OutboxIntake.Insert insert(NewEntry entry, boolean attempt, boolean first, boolean chained) {
        boolean writable = entry.operation() == Operation.RELAY || gate.open();
        OutboxIntake.Start start = OutboxIntake.Start.QUEUED;
        if (attempt && writable && first) {
            start = OutboxIntake.Start.SENDING_IF_HEAD;
        } else if (attempt && writable && chained) {
            start = OutboxIntake.Start.CLAIMED;
        }
        long due = writable ? 0 : gate.opensAt().toEpochMilli();
        return new OutboxIntake.Insert(entry.operation(), entry.dedupeKey(), entry.lane(), entry.payload(),
                entry.fingerprint(), start, due);
    }

    /**
     * The caller's view of {@code entry} placed as {@code start} said.
     *
     * @throws KeyReusedException when its key was taken by other content
     */
    private static Row row(NewEntry entry, OutboxIntake.Start start, OutboxIntake.Placed placed) {
        Optional<OutboxEntry> existing = placed.existing();
        if (existing.isPresent() && !existing.get().fingerprint().equals(entry.fingerprint())) {
            throw new KeyReusedException(entry.operation(), entry.dedupeKey());
        }
        Optional<OutboxEntry> sending = placed.sending() ? Optional.of(placed.row().firstAttempt())
                : Optional.empty();
        boolean queued = existing.isEmpty() && start != OutboxIntake.Start.CLAIMED && !placed.sending();
        return new Row(entry, existing, sending, queued);
    }
}
