package io.tollgate.audit.internal;

import io.tollgate.audit.AuditRecord;

/**
 * The export's JSON Lines form, for the archiver in a subpackage: an archive line is exactly an export line, so
 * {@link io.tollgate.audit.AuditArchiveVerifier} reads both.
 */
public final class AuditArchiveLines {

    private AuditArchiveLines() {
    }

    public static String jsonLine(AuditRecord record) {
        return AuditExportFormat.jsonLine(record);
    }
}
