package io.tollgate.tenancy.internal.web;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.tollgate.platform.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Which organisations a session may work in, fixed when it signs in. A sign-in through an organisation's IdP
 * reaches that organisation only (its IdP vouched for the person there, nowhere else: domains are claimed, not
 * verified). A password sign-in reaches every organisation of the person except those requiring SSO in which they
 * are not an owner. Sessions from before this rule existed carry none and are unrestricted.
 *
 * @param only the organisations an SSO session may work in; {@code null} for a password session
 * @param closed the organisations a password session may not work in
 */
record SignInScope(@Nullable Set<String> only, Set<String> closed) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final String ATTRIBUTE = "tollgate.signInScope";
    private static final SignInScope UNRESTRICTED = new SignInScope(null, Set.of());

    static SignInScope sso(TenantId tenant) {
        return new SignInScope(new HashSet<>(Set.of(tenant.toString())), Set.of());
    }

    static SignInScope password(Collection<TenantId> closed) {
        return new SignInScope(null, closed.stream().map(TenantId::toString).collect(Collectors.toCollection(HashSet::new)));
    }

    static SignInScope of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof SignInScope scope ? scope : UNRESTRICTED;
    }

    void applyTo(HttpServletRequest request) {
        request.getSession(true).setAttribute(ATTRIBUTE, this);
    }

    boolean permits(TenantId tenant) {
        return only != null ? only.contains(tenant.toString()) : !closed.contains(tenant.toString());
    }

    boolean viaSso() {
        return only != null;
    }

    /** The same scope plus an organisation the person just created (they own it, nobody vouched for them). */
    SignInScope including(TenantId created) {
        if (only == null) {
            return this;
        }
        Set<String> widened = new HashSet<>(only);
        widened.add(created.toString());
        return new SignInScope(widened, closed);
    }
}
