package io.tollgate.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Reading and verifying the current tenant's audit trail. */
public interface AuditTrail {

    record Page(List<AuditRecord> items, @Nullable Long nextBeforeSeq) {
    }

    Page page(AuditQuery query, @Nullable Long beforeSeq, int limit);

    AuditRecord get(UUID id);

    AuditVerification verify();

    /** The filtered range, oldest first, as JSON Lines or CSV. */
    void export(AuditQuery query, ExportFormat format, Writer out) throws IOException;

    enum ExportFormat { JSONL, CSV }
}
