package dev.referral.sidecar.hook;

/** A hook's outcome: the HTTP status the contract gives it and the body. */
public record HookAnswer<T>(int status, T body) {
}
