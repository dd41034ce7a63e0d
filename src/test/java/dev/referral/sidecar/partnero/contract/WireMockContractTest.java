package dev.referral.sidecar.partnero.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.PartneroWarmup;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The contract suite against WireMock stubs written from Partnero's documentation. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class WireMockContractTest extends PartneroContract {

    @InjectWireMock
    WireMockServer partnero;

    @Override
    ContractTarget target() {
        return new Stubs();
    }

    /** Partnero as documented, one stub at a time. */
    final class Stubs implements ContractTarget {

        @Override
        public void reset() {
            PartneroWarmup.once(client, partnero);
            partnero.resetAll();
        }

        @Override
        public void customerCanBeCreated(String key) {
            partnero.stubFor(post("/customers").willReturn(json(201, Fixtures.customer(key))));
            partnero.stubFor(get("/customers/" + key).willReturn(json(200, Fixtures.customer(key))));
        }

        @Override
        public void customerExists(String key) {
            partnero.stubFor(post("/customers").willReturn(json(422, Fixtures.duplicateCustomer())));
            partnero.stubFor(get("/customers/" + key).willReturn(json(200, Fixtures.customer(key))));
        }

        @Override
        public void referrerUnknown(String newKey, String referrer) {
            partnero.stubFor(post("/customers").willReturn(json(422,
                    "{\"message\":\"The selected referring customer.key is invalid.\",\"errors\":"
                            + "{\"referring_customer.key\":[\"The selected referring customer.key is invalid.\"]}}")));
        }

        @Override
        public void customerUnknown(String key) {
            partnero.stubFor(get("/customers/" + key).willReturn(json(404, Fixtures.notFound("Customer"))));
        }

        @Override
        public void transactionCanBeRecorded(String buyer, String key) {
            partnero.stubFor(post("/transactions").willReturn(json(200, Fixtures.transaction(key))));
            partnero.stubFor(get("/transactions/" + key).willReturn(json(200, Fixtures.transaction(key))));
        }

        @Override
        public void transactionUnknown(String key) {
            partnero.stubFor(get("/transactions/" + key).willReturn(json(404, Fixtures.notFound("Transaction"))));
            partnero.stubFor(delete("/transactions/" + key).willReturn(json(404, Fixtures.notFound("Transaction"))));
        }

        @Override
        public void fail(String method, String pathPrefix, int status, int count) {
            failing(method, pathPrefix, json(status, "{\"message\":\"Server Error\"}"), count);
        }

        @Override
        public void throttle(String method, String pathPrefix, int seconds, int count) {
            failing(method, pathPrefix, json(429, "{\"message\":\"Too Many Attempts.\"}")
                    .withHeader("Retry-After", Integer.toString(seconds)), count);
        }

        @Override
        public long requests(String method, String pathPrefix) {
            return partnero.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getMethod().getName().equals(method)
                            && e.getRequest().getUrl().startsWith(pathPrefix))
                    .count();
        }

        /** The next {@code count} matching requests get {@code answer}, then the ordinary stubs apply again. */
        private void failing(String method, String pathPrefix, ResponseDefinitionBuilder answer, int count) {
            if (count > 50) {
                partnero.stubFor(request(method, urlPathMatching(pathPrefix + ".*")).atPriority(1).willReturn(answer));
                return;
            }
            String scenario = method + " " + pathPrefix;
            for (int i = 0; i < count; i++) {
                partnero.stubFor(request(method, urlPathMatching(pathPrefix + ".*")).atPriority(1)
                        .inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after " + i)
                        .willSetStateTo("after " + (i + 1)).willReturn(answer));
            }
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
