package dev.referral.sidecar.delivery;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.ValidKey;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code DELETE /admin/customers/{key}/personal-data}: erase one customer's personal data from the store. */
@Tag(name = "Operations")
@SecurityRequirement(name = "adminToken")
@Path("/admin/customers/{key}/personal-data")
@Produces(MediaType.APPLICATION_JSON)
public class PersonalDataResource {

    /** How many outbox rows lost their personal data. */
    public record Erased(String customerKey, int erasedRows) {
    }

    private final PersonalData personalData;

    PersonalDataResource(PersonalData personalData) {
        this.personalData = personalData;
    }

    @DELETE
    public Erased erase(@PathParam("key") @ValidKey String key) {
        return new Erased(key, personalData.erase(new CustomerKey(key)));
    }
}
