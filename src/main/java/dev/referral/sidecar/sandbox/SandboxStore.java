package dev.referral.sidecar.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Owns the emulator's {@link State}: one lock guards every read and change, and after a change the whole state is
 * saved to {@code SANDBOX_STATE_FILE} (when set) by writing a temporary file and moving it over the old one, so a
 * crash leaves either the old or the new state, never half of one.
 */
@ApplicationScoped
public class SandboxStore {

    private static final String CONFIGURED_WEBHOOK = "SANDBOX_WEBHOOK_URL";

    private final ReentrantLock lock = new ReentrantLock();
    private final SandboxSettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;
    private State state;

    SandboxStore(SandboxSettings settings, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
        this.state = new State(settings.seed());
    }

    /** Loads the state file when there is one, then registers the configured webhook if it is missing. */
    public void load() {
        lock.lock();
        try {
            state = settings.stateFile().filter(Files::exists).map(this::read)
                    .map(snapshot -> State.restore(snapshot, settings.seed()))
                    .orElseGet(() -> new State(settings.seed()));
            registerConfiguredWebhook();
            persistIfChanged();
        } finally {
            lock.unlock();
        }
    }

    /** Clears everything and registers the configured webhook again. */
    public void reset() {
        lock.lock();
        try {
            state = new State(settings.seed());
            registerConfiguredWebhook();
            state.takeDirty();
            persist();
        } finally {
            lock.unlock();
        }
    }

    <T> T read(Function<State, T> query) {
        lock.lock();
        try {
            return query.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a change under the lock and saves the state if it changed anything. */
    <T> T write(Function<State, T> change) {
        lock.lock();
        try {
            return change.apply(state);
        } finally {
            persistIfChanged();
            lock.unlock();
        }
    }

    public StateSnapshot snapshot() {
        return read(State::snapshot);
    }

    private void registerConfiguredWebhook() {
        settings.webhookUrl().map(Object::toString)
                .filter(url -> state.webhooks().stream().noneMatch(w -> w.url().equals(url)))
                .ifPresent(url -> state.put(new SandboxWebhook(state.nextId("wh"), CONFIGURED_WEBHOOK, url,
                        WebhookEvent.ALLOWED, true, settings.webhookSecret().orElseGet(() -> state.randomToken(40)),
                        clock.instant(), clock.instant())));
    }

    private void persistIfChanged() {
        if (state.takeDirty()) {
            persist();
        }
    }

    private void persist() {
        settings.stateFile().ifPresent(file -> {
            Path target = file.toAbsolutePath();
            Path temporary = null;
            try {
                Files.createDirectories(target.getParent());
                temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
                mapper.writeValue(temporary.toFile(), state.snapshot());
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteQuietly(temporary);
                // The in-memory state stays right; only a restart would lose this change.
                Log.warnf("Sandbox state not saved to %s: %s", file, e.getMessage());
            }
        });
    }

    private static void deleteQuietly(Path temporary) {
        try {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            Log.debugf("Temporary state file %s left behind: %s", temporary, e.getMessage());
        }
    }

    private StateSnapshot read(Path file) {
        try {
            return mapper.readValue(file.toFile(), StateSnapshot.class);
        } catch (IOException e) {
            Log.warnf("Sandbox state file %s is unreadable (%s); starting empty", file, e.getMessage());
            return null;
        }
    }
}
