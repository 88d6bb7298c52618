package io.tollgate.audit;

import java.util.Map;

import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A domain event that belongs in the audit trail. Modules make their past-tense events implement this; the audit
 * module records each one in the publishing transaction, so a committed change always has its audit event.
 */
public interface AuditableEvent {

    /** The tenant whose trail gets the event. */
    TenantId tenant();

    /** A stable, dotted action name: {@code organization.renamed}, {@code invitation.created}. */
    String action();

    String targetType();

    @Nullable String targetId();

    /** Changed fields, before and after. Secrets are redacted by the audit module whatever is passed. */
    default Map<String, Change> changes() {
        return Map.of();
    }

    /** Who acted, when the event knows better than the unit of work's binding (e.g. a person just signed up). */
    default @Nullable Actor actor() {
        return null;
    }

    record Change(@Nullable Object before, @Nullable Object after) {

        public static Change added(@Nullable Object value) {
            return new Change(null, value);
        }
    }
}
