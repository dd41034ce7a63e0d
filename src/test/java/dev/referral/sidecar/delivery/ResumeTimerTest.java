package dev.referral.sidecar.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

/**
 * A hook's deadline on its event loop: {@link Resume#completeOnTimeout} called on a Vert.x context completes the
 * future there when the time is up (no timer thread of CompletableFuture's is woken to set it, cancel it or fire it);
 * off any context it falls back to CompletableFuture's timer.
 */
class ResumeTimerTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void onAnEventLoopTheTimeoutFiresOnThatEventLoop() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<String> loop = new CompletableFuture<>();
        CompletableFuture<String> firedOn = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            loop.complete(Thread.currentThread().getName());
            Resume.completeOnTimeout(answer, "queued", 50)
                    .thenRun(() -> firedOn.complete(Thread.currentThread().getName()));
        });
        assertEquals("queued", answer.get(10, TimeUnit.SECONDS));
        assertEquals(loop.get(), firedOn.get(10, TimeUnit.SECONDS), "completed on the caller's event loop");
        assertTrue(loop.get().startsWith("vert.x-eventloop"), loop.get());
    }

    @Test
    void offAnyContextCompletableFuturesOwnTimerFires() throws Exception {
        CompletableFuture<String> answer = Resume.completeOnTimeout(new CompletableFuture<>(), "queued", 50);
        CompletableFuture<String> firedOn = answer.thenApply(a -> Thread.currentThread().getName());
        assertEquals("queued", answer.get(10, TimeUnit.SECONDS));
        assertTrue(firedOn.get(10, TimeUnit.SECONDS).startsWith("CompletableFutureDelayScheduler"), firedOn.get());
    }
}
