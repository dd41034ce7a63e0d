package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.config.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.runtime.FlywayContainerProducer;

/**
 * A store that is used after the application began to shut down does not open: a scheduled task running late in
 * shutdown reaches a fresh instance of the bean, and opening it would take the SQLite file lock for good, so that the
 * next start in the same JVM finds its file "used by another sidecar process".
 */
class StoreShutdownTest {

    private Path file;
    private InjectableInstance<DataSource> dataSources;
    private Store store;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void store() throws Exception {
        file = Files.createTempDirectory(Path.of("target"), "shutdown-").resolve("store.db");
        StoreConfig config = mock(StoreConfig.class);
        when(config.url()).thenReturn("jdbc:sqlite:" + file);
        dataSources = mock(InjectableInstance.class);
        store = new Store(config, dataSources, mock(InjectableInstance.class), new SimpleMeterRegistry());
    }

    @AfterEach
    void nextStart() {
        store.opening(null);
    }

    @Test
    void aStoreReachedAfterShutdownBeganRefusesToOpenAndTakesNoLock() {
        store.shuttingDown(null);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.read(c -> 1));

        assertEquals("The store is closed: the application is shutting down", refused.getMessage());
        SqliteLock.acquire(file.toString()).release();
        verifyNoInteractions(dataSources);
    }

    @Test
    void aClosedStoreRefusesToOpenAgain() {
        store.close();

        assertThrows(IllegalStateException.class, () -> store.writeAsync(c -> 1));

        SqliteLock.acquire(file.toString()).release();
        verifyNoInteractions(dataSources);
    }

    @Test
    void theNextStartOpensAgainAndAFailedOpenHandsTheFileBack() {
        store.shuttingDown(null);
        store.opening(null);

        // Past the guard: the data source is asked for (a refused open never asks), and it fails here.
        assertThrows(RuntimeException.class, () -> store.read(c -> 1));

        verify(dataSources).select(any());
        SqliteLock.acquire(file.toString()).release();
    }
}
