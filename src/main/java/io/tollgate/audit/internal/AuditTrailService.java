package io.tollgate.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.UUID;

import io.tollgate.audit.AuditExported;
import io.tollgate.audit.AuditQuery;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditTrail;
import io.tollgate.audit.AuditVerification;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'ANALYST')")
class AuditTrailService implements AuditTrail {

    private final AuditStore store;
    private final AuditChainVerifier verifier;
    private final ApplicationEventPublisher events;

    AuditTrailService(AuditStore store, AuditChainVerifier verifier, ApplicationEventPublisher events) {
        this.store = store;
        this.verifier = verifier;
        this.events = events;
    }

    @Override
    @Transactional(readOnly = true)
    public Page page(AuditQuery query, @Nullable Long before, int limit) {
        int size = Math.max(1, limit);
        List<AuditStore.Listed> rows = store.page(query, before, size + 1);
        List<AuditStore.Listed> shown = rows.subList(0, Math.min(size, rows.size()));
        return new Page(shown.stream().map(AuditStore.Listed::record).toList(),
                rows.size() > size ? shown.getLast().position() : null);
    }

    @Override
    @Transactional(readOnly = true)
    public AuditRecord get(UUID id) {
        return store.find(id).orElseThrow(() -> NotFoundException.of("audit event"));
    }

    @Override
    @Transactional(readOnly = true)
    public AuditVerification verify() {
        return verifier.verifyBoundTenant();
    }

    @Override
    @Transactional(readOnly = true)
    public void export(AuditQuery query, ExportFormat format, Writer out) throws IOException {
        if (format == ExportFormat.CSV) {
            out.write(AuditExportFormat.CSV_HEADER);
        }
        try {
            store.forEach(query, record -> {
                try {
                    out.write(format == ExportFormat.CSV ? AuditExportFormat.csvLine(record)
                            : AuditExportFormat.jsonLine(record));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        events.publishEvent(new AuditExported(TenantScope.requireTenant(), format.name(), query.toString()));
    }
}
