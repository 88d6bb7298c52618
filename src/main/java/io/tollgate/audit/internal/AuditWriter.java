package io.tollgate.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Actor;
import io.tollgate.platform.Ids;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records every {@link AuditableEvent} synchronously, inside the transaction that published it: the change and
 * its audit event commit or roll back together, so a crash cannot lose one without the other. The event is written
 * unsealed, in one INSERT, with no lock and no read of the chain; after commit the sealer is signalled and chains
 * it (ADR 0052, which supersedes the per-tenant chain lock of ADR 0012). A crash between commit and seal leaves the
 * event unsealed, and the next sweep seals it.
 */
@Component
class AuditWriter {

    static final String REDACTED = "[redacted]";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|pepper|hash|api_?key|code).*");

    private final AuditStore store;
    private final AuditSealer sealer;
    private final TenantTransactions transactions;
    private final Counter written;

    AuditWriter(AuditStore store, AuditSealer sealer, TenantTransactions transactions, MeterRegistry meters) {
        this.store = store;
        this.sealer = sealer;
        this.transactions = transactions;
        this.written = Counter.builder("tollgate.audit.events.written").description("Audit events recorded")
                .register(meters);
    }

    @EventListener
    void on(AuditableEvent event) {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()
                && TenantScope.currentTenant().filter(event.tenant()::equals).isPresent()) {
            append(event);
        } else {
            // Published outside a writable transaction bound to this tenant (e.g. by a read): record it in its own.
            transactions.asTenant(event.tenant(), () -> {
                append(event);
                return null;
            });
        }
    }

    private void append(AuditableEvent event) {
        Actor actor = event.actor() != null ? event.actor() : TenantScope.currentActor();
        HttpServletRequest request = currentRequest();
        store.insertUnsealed(event.tenant().value(), Ids.newUuid(), actor.type().name(), actor.id(),
                actor.displayName(), event.action(), event.targetType(), event.targetId(), MDC.get("requestId"),
                MDC.get("traceId"), request == null ? null : request.getRemoteAddr(),
                request == null ? null : truncate(request.getHeader("User-Agent"), 512), changesJson(event.changes()));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sealer.signal(event.tenant());
            }
        });
        written.increment();
    }

    static String changesJson(Map<String, AuditableEvent.Change> changes) {
        Map<String, Object> out = new TreeMap<>();
        changes.forEach((field, change) -> {
            Map<String, @Nullable Object> pair = new LinkedHashMap<>();
            boolean secret = SECRET.matcher(field).matches();
            pair.put("after", secret && change.after() != null ? REDACTED : change.after());
            pair.put("before", secret && change.before() != null ? REDACTED : change.before());
            out.put(field, pair);
        });
        return AuditChain.json(out);
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    private static @Nullable String truncate(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
