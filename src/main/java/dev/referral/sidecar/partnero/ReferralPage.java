package dev.referral.sidecar.partnero;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One page of a customer's referrals: shapes unknown (2.1), so items stay opaque. */
public record ReferralPage(List<JsonNode> data, JsonNode links, JsonNode meta) {
}
