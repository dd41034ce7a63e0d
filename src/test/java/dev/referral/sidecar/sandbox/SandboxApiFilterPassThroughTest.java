package dev.referral.sidecar.sandbox;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;

import dev.referral.sidecar.config.RuntimeMode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

/**
 * The emulator's filters run on every call (they are pre-matching). A call that is not to the emulator gets no
 * {@code Uni} back, so RESTEasy Reactive neither suspends the request nor captures its context for it.
 */
class SandboxApiFilterPassThroughTest {

    private final RuntimeMode mode = mock(RuntimeMode.class);
    private final Faults faults = mock(Faults.class);
    private final SandboxApiFilter filter = new SandboxApiFilter(mode, faults, null, null, Clock.systemUTC());

    @Test
    void aCallOutsideTheEmulatorGetsNoUniToWaitFor() {
        when(mode.sandboxServed()).thenReturn(true);
        ContainerRequestContext request = request("/referrals/alice");

        assertNull(filter.before(request, null));
        assertNull(filter.after(request, mock(ContainerResponseContext.class), null));
        verifyNoInteractions(faults);
    }

    @Test
    void inLiveModeEvenAnEmulatorPathPassesThrough() {
        when(mode.sandboxServed()).thenReturn(false);

        assertNull(filter.before(request("/sandbox/v1/customers"), null));
    }

    @Test
    void aCallToTheEmulatorIsStillFiltered() {
        when(mode.sandboxServed()).thenReturn(true);
        when(faults.select("GET", "/v1/customers")).thenReturn(FaultDecision.NONE);

        assertNotNull(filter.before(request("/sandbox/v1/customers"), null));
    }

    private static ContainerRequestContext request(String path) {
        ContainerRequestContext request = mock(ContainerRequestContext.class);
        UriInfo uri = mock(UriInfo.class);
        when(request.getUriInfo()).thenReturn(uri);
        when(request.getMethod()).thenReturn("GET");
        when(uri.getPath()).thenReturn(path);
        return request;
    }
}
