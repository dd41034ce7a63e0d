package dev.referral.sidecar.partnero.contract;

/**
 * What the contract suite needs from "a Partnero": put it in a given state, inject a fault, count requests.
 * WireMock does it with stubs shaped after Partnero's documentation; the sandbox with real state and its fault
 * injection. Paths are relative to the API base ({@code /customers}, {@code /transactions}).
 */
interface ContractTarget {

    void reset();

    /** {@code POST /customers} for {@code key} will succeed, and {@code GET /customers/{key}} will find it. */
    void customerCanBeCreated(String key);

    /** A customer with {@code key} exists already. */
    void customerExists(String key);

    /** {@code referrer} is not a customer. */
    void referrerUnknown(String newKey, String referrer);

    /** {@code key} is not a customer. */
    void customerUnknown(String key);

    /** A referred buyer exists and a transaction {@code key} can be recorded for them. */
    void transactionCanBeRecorded(String buyer, String key);

    /** No transaction has {@code key}. */
    void transactionUnknown(String key);

    /** The next {@code count} requests matching method and path prefix answer {@code status}. */
    void fail(String method, String pathPrefix, int status, int count);

    /** The next {@code count} requests matching answer 429 with {@code Retry-After: seconds}. */
    void throttle(String method, String pathPrefix, int seconds, int count);

    /** Requests received with that method whose path starts with the prefix. */
    long requests(String method, String pathPrefix);
}
