/**
 * Audit retention: per-tenant retention and legal hold, signed chain-head checkpoints, archival of aged events
 * (gzip JSON Lines plus a manifest, to a folder or an S3-compatible bucket) and the purge that follows a verified
 * archive.
 */
@NullMarked
package io.tollgate.audit.internal.retention;

import org.jspecify.annotations.NullMarked;
