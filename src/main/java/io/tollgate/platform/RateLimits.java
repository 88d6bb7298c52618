package io.tollgate.platform;

/** Rate limits other modules apply themselves; the {@code /v1} API is limited by the platform on its own. */
public interface RateLimits {

    /**
     * Counts a console sign-in attempt against the account's and the client address's quotas (credential
     * stuffing spreads over accounts, password guessing over addresses: each is caught by one of the two).
     */
    RateLimitOutcome signInAttempt(String account, String clientAddress);

    /**
     * Counts a look-up of where an e-mail signs in (the e-mail step before the password or the IdP) against the
     * client address's look-up quota, apart from the password quotas so that the two steps of one sign-in do not
     * count twice against them.
     */
    RateLimitOutcome homeRealmLookup(String clientAddress);
}
