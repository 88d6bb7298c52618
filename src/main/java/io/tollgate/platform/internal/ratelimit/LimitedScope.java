package io.tollgate.platform.internal.ratelimit;

import java.util.List;

/**
 * One bucket a request draws from: {@code policy} names it in the response headers ({@code key}, {@code tenant},
 * {@code account}, {@code address}), {@code key} identifies it across replicas.
 */
record LimitedScope(String policy, String key, List<Quota> quotas) {

    LimitedScope {
        if (quotas.isEmpty()) {
            throw new IllegalArgumentException("A limited scope has at least one quota.");
        }
    }

    /** The bucket's identity includes its quotas, so a changed quota starts a fresh bucket (the old one expires). */
    String bucketId() {
        return key + "|" + Integer.toHexString(quotas.hashCode());
    }
}
