package dev.referral.sidecar.sandbox;

import java.time.Clock;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The system clock, unless another bean provides a {@link Clock} (a test's fixed one, or the application's). */
@Singleton
public class SandboxClockProducer {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
