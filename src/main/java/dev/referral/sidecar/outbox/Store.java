package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.referral.sidecar.config.StoreConfig;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.runtime.FlywayContainerProducer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;

/**
 * The durable store: whichever of the two named datasources {@code StoreSelection} activated (SQLite file by
 * default, PostgreSQL for shared replicas), migrated by Flyway on first use (only when {@link SchemaVersion} finds
 * the store behind). Writes go through a {@link StoreWriter} (group commit): on SQLite the one writer; on PostgreSQL
 * a few, each accept of a customer's writes always on the same one (by lane), everything else on the first, so
 * round trips to the server overlap while one customer's acceptances still commit in order; an accept of one
 * entry alone in its group is one round trip ({@link #writeSelfCommitting}). Reads take a pooled
 * connection of their own. Blocking calls never run on the event loop; {@link #writeAsync} may be called from
 * anywhere.
 */
@ApplicationScoped
public class Store {

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final StoreConfig config;
    private final InjectableInstance<DataSource> dataSources;
    private final InjectableInstance<FlywayContainerProducer> flyways;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
    private volatile DataSource active;
    private volatile StoreWriter[] writers;
    private SqliteLock lock;
    private boolean closed;
    /**
     * True from the application's shutdown to its next start. A scheduled task that runs late in shutdown can reach a
     * new instance of this bean after the old one was destroyed; without this, that instance would open the store,
     * take the SQLite file lock and never release it, and the next start in this JVM would find the file locked.
     */
    private static volatile boolean shutDown;

    Store(StoreConfig config, @Any InjectableInstance<DataSource> dataSources, InjectableInstance<FlywayContainerProducer> flyways,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.dataSources = dataSources;
        this.flyways = flyways;
    }

    public boolean postgres() {
        return config.url().startsWith("jdbc:postgresql:");
    }

    /**
     * Runs {@code work} in the writer's next group commit and waits for that commit: committed on return, rolled
     * back on any exception (then nothing of it is stored).
     */
    public <T> T write(Work<T> work) {
        try {
            return writeAsync(work).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Queues {@code work} for the writer; the future completes, on the writer's thread, once it is committed. */
    public <T> java.util.concurrent.CompletableFuture<T> writeAsync(Work<T> work) {
        return writers()[0].submit(work);
    }

    /**
     * Queues the acceptance of writes of {@code lane} (a customer) on that lane's writer: two writers never take the
     * same lane's lock, so their groups cannot deadlock on lanes, and a lane's acceptances commit in order.
     */
    public <T> java.util.concurrent.CompletableFuture<T> writeAsync(String lane, Work<T> work) {
        return writerOf(lane).submit(work);
    }

    /**
     * {@link #writeAsync(String, Work)} for work whose writes are one request to the server, atomic without a
     * transaction (on PostgreSQL, statements sent together run as one implicit transaction): alone in its group it
     * runs in auto-commit and the server commits it as it answers, one round trip instead of two. Nothing else may
     * write in it: a second request would commit apart from the first.
     */
    public <T> java.util.concurrent.CompletableFuture<T> writeSelfCommitting(String lane, Work<T> work) {
        return writerOf(lane).submitSelfCommitting(work);
    }

    /**
     * Queues {@code work}, which nobody waits for promptly (a delivered mark), on {@code lane}'s writer, in order
     * with that lane's other writes. When only such writes are queued, SQLite's writer waits a moment (at most
     * {@link WriteQueue#LINGER}) for a write someone waits for, so both share one commit (one fsync); PostgreSQL's
     * writers commit them at once without waiting for the server's flush ({@link StoreWriter#unflushedLater}): the
     * next durable commit flushes them, and a server crash before that loses only marks, which the unknown-outcome
     * check recovers upstream.
     */
    public <T> java.util.concurrent.CompletableFuture<T> writeLater(String lane, Work<T> work) {
        return writerOf(lane).submitLater(work);
    }

    private StoreWriter writerOf(String lane) {
        StoreWriter[] all = writers();
        return all[lane == null ? 0 : Math.floorMod(lane.hashCode(), all.length)];
    }

    /** Runs {@code work} on an auto-commit connection of its own: reads never wait for the writer. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /**
     * SQLite only: copies the write-ahead log into the database file and truncates it, so content overwritten
     * since the last checkpoint (wiped personal data) is gone from the {@code -wal} file as well.
     */
    public void checkpoint() {
        if (!postgres()) {
            read(c -> {
                try (var statement = c.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
        }
    }

    /** Transactions the writer committed so far (each carries one or more writes). */
    public long commits() {
        return java.util.Arrays.stream(writers()).mapToLong(StoreWriter::commits).sum();
    }

    /** Writes committed so far; more than {@link #commits} when commits were shared. */
    public long writes() {
        return java.util.Arrays.stream(writers()).mapToLong(StoreWriter::writes).sum();
    }

    /** Writes refused because a writer's queue was full. */
    public long refused() {
        return java.util.Arrays.stream(writers()).mapToLong(StoreWriter::refused).sum();
    }

    /** Writes waiting for the writer's next commit. */
    public int queued() {
        return java.util.Arrays.stream(writers()).mapToInt(StoreWriter::queued).sum();
    }

    /** Creates the SQLite directory and applies the migrations; idempotent. */
    public synchronized void migrate() {
        if (active != null) {
            return;
        }
        if (closed || shutDown) {
            throw new IllegalStateException("The store is closed: the application is shutting down");
        }
        String name = postgres() ? "postgresql" : "sqlite";
        if (!postgres()) {
            lock = SqliteLock.forUrl(config.url());
        }
        try {
            open(name);
        } catch (RuntimeException e) {
            // Not opened: hand the file back, or the next attempt in this process would find it "in use".
            if (lock != null) {
                lock.release();
                lock = null;
            }
            throw e;
        }
        Log.infof("Store ready: %s", postgres() ? "PostgreSQL" : "SQLite " + SqliteLock.file(config.url()));
    }

    private void open(String name) {
        DataSource ds = dataSources.select(new DataSourceLiteral(name)).get();
        if (!SchemaVersion.upToDate(ds)) {
            // Flyway is inactive at start (StoreSelection): built here, only for a store that is behind.
            flyways.get().createFlyway(ds, name, true, false).getFlyway().migrate();
        }
        int count = postgres() ? WriterCount.of(config.writers(), ds) : 1;
        StoreWriter[] created = new StoreWriter[count];
        for (int i = 0; i < count; i++) {
            String writer = count == 1 ? "store-writer" : "store-writer-" + i;
            created[i] = postgres()
                    ? StoreWriter.unflushedLater(ds::getConnection, config.maxGroup(), config.maxQueued(), writer)
                    : new StoreWriter(ds::getConnection, config.maxGroup(), config.maxQueued(), writer);
        }
        writers = created;
        meters.addAll(StoreMeters.register(registry, this));
        active = ds;
    }

    void opening(@Observes @Priority(1) StartupEvent event) {
        shutDown = false;
    }

    void shuttingDown(@Observes ShutdownEvent event) {
        shutDown = true;
    }

    /** Lets the writer commit what is queued, then hands the SQLite file to the next process. */
    @jakarta.annotation.PreDestroy
    synchronized void close() {
        closed = true;
        try {
            if (writers != null) {
                for (StoreWriter w : writers) {
                    w.close();
                }
            }
            meters.forEach(registry::remove);
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
    }

    private StoreWriter[] writers() {
        StoreWriter[] w = writers;
        if (w == null) {
            migrate();
            w = writers;
        }
        return w;
    }

    private DataSource dataSource() {
        DataSource ds = active;
        if (ds == null) {
            migrate();
            ds = active;
        }
        return ds;
    }
}
