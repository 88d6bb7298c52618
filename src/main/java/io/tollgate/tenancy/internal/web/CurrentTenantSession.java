package io.tollgate.tenancy.internal.web;

import java.util.Optional;

import io.tollgate.platform.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** The tenant a signed-in person works in is kept in their session; switching changes it. */
final class CurrentTenantSession {

    private static final String ATTRIBUTE = "tollgate.currentTenant";

    private CurrentTenantSession() {
    }

    static Optional<TenantId> get(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object value = session == null ? null : session.getAttribute(ATTRIBUTE);
        return value instanceof String id ? Optional.of(TenantId.of(id)) : Optional.empty();
    }

    static void set(HttpServletRequest request, TenantId tenant) {
        request.getSession(true).setAttribute(ATTRIBUTE, tenant.toString());
    }

    static void clear(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
