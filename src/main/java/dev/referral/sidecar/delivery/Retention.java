package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.OutboxUpkeep;

import java.time.Clock;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.config.RuntimeMode;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prunes finished rows after the retention period. A row is its own dedupe record, so a key is deduplicated for
 * exactly as long as it is kept; pending and dead rows are never pruned.
 */
@ApplicationScoped
class Retention {

    private final OutboxUpkeep upkeep;
    private final Clock clock;
    private final DeliveryConfig config;
    private final RuntimeMode mode;

    Retention(OutboxUpkeep upkeep, Clock clock, DeliveryConfig config, RuntimeMode mode) {
        this.upkeep = upkeep;
        this.clock = clock;
        this.config = config;
        this.mode = mode;
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        if (!mode.sidecarServed()) {
            return;
        }
        long before = clock.millis() - config.retention().toMillis();
        OutboxUpkeep.Pruned pruned = upkeep.prune(before);
        if (pruned.deleted() > 0) {
            Log.infof("Pruned %d finished outbox rows older than %s (%d rows read)", pruned.deleted(),
                    config.retention(), pruned.examined());
        }
    }
}
