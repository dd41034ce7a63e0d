package dev.referral.sidecar.partnero;

/** 401/403: the API key is wrong or lacks API access. A configuration fault, not the request's. */
public final class PartneroUnauthorized extends PartneroException {

    private final int status;

    public PartneroUnauthorized(int status) {
        super("Partnero refused the API key with " + status, null);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
