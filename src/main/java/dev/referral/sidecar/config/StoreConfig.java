package dev.referral.sidecar.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The durable store ({@code REFERRAL_STORE_URL}): SQLite by default, PostgreSQL for shared replicas. */
@ConfigMapping(prefix = "sidecar.store")
public interface StoreConfig {

    /** JDBC URL; {@code jdbc:postgresql:...} selects PostgreSQL, anything else SQLite. */
    @WithDefault("jdbc:sqlite:data/referrals.db")
    String url();

    /** PostgreSQL user. */
    Optional<String> username();

    /** PostgreSQL password. */
    Optional<String> password();

    /**
     * How often SQLite's write-ahead log is checkpointed and truncated, so wiped personal data leaves the
     * {@code -wal} file too ({@code SIDECAR_STORE_CHECKPOINT_INTERVAL}).
     */
    @WithDefault("60s")
    java.time.Duration checkpointInterval();

    /** Most writes a store writer commits in one transaction (one fsync). */
    @WithDefault("256")
    int maxGroup();

    /**
     * Most writes waiting for a store writer ({@code SIDECAR_STORE_MAX_QUEUED}). Beyond it a write is answered 503 at
     * once instead of waiting in memory behind a writer that is not keeping up; a healthy writer drains this many in
     * a few group commits.
     */
    @WithDefault("4096")
    int maxQueued();

    /**
     * PostgreSQL only: how many writers commit in parallel, each customer's acceptances always on the same one
     * ({@code SIDECAR_STORE_WRITERS}). SQLite has one writer, always. Unset, it is chosen at start-up from the
     * server's round trip: one for a server on the same host, two for one a network away (outbox.WriterCount); a
     * server further away, where each statement of a group waits a longer round trip, may want more.
     */
    Optional<Integer> writers();

    /**
     * How long this sidecar remembers that it holds no sign-up of a customer, so a dashboard miss needs no store read
     * for it ({@code SIDECAR_STORE_NO_SIGNUP_TTL}). A sign-up accepted here forgets it at once; one accepted by
     * another replica (PostgreSQL) is seen after at most this long. 0 turns the memory off.
     */
    @WithDefault("10s")
    java.time.Duration noSignupTtl();
}
