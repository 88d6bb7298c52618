package io.tollgate.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Reading and verifying the current tenant's audit trail. */
public interface AuditTrail {

    /** Newest recorded first; {@code nextBefore} is the cursor of the next (older) page, null on the last one. */
    record Page(List<AuditRecord> items, @Nullable Long nextBefore) {
    }

    /**
     * Events recorded before the cursor position (null: the newest), sealed or still waiting for their seal.
     * Positions are recording order, which can differ from seq order when transactions commit out of order.
     */
    Page page(AuditQuery query, @Nullable Long before, int limit);

    AuditRecord get(UUID id);

    AuditVerification verify();

    /** The filtered range, oldest first, as JSON Lines or CSV. */
    void export(AuditQuery query, ExportFormat format, Writer out) throws IOException;

    enum ExportFormat { JSONL, CSV }
}
