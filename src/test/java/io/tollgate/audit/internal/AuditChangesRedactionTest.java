package io.tollgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tollgate.audit.AuditableEvent.Change;
import org.junit.jupiter.api.Test;

/** Secrets never reach the audit trail, whatever a module passes in its changes. */
class AuditChangesRedactionTest {

    @Test
    void secret_looking_fields_are_redacted_and_others_kept_in_canonical_order() {
        String json = AuditWriter.changesJson(Map.of(
                "name", new Change("Old \"Co\"", "New Co"),
                "password", new Change(null, "hunter2-hunter2"),
                "client_secret", new Change("s3cr3t", "n3w"),
                "token_hash", Change.added("abc123"),
                "api_key", Change.added("tg_live_x"),
                "role", new Change("VIEWER", "ADMIN")));

        assertThat(json).isEqualTo("{\"api_key\":{\"after\":\"[redacted]\",\"before\":null},"
                + "\"client_secret\":{\"after\":\"[redacted]\",\"before\":\"[redacted]\"},"
                + "\"name\":{\"after\":\"New Co\",\"before\":\"Old \\\"Co\\\"\"},"
                + "\"password\":{\"after\":\"[redacted]\",\"before\":null},"
                + "\"role\":{\"after\":\"ADMIN\",\"before\":\"VIEWER\"},"
                + "\"token_hash\":{\"after\":\"[redacted]\",\"before\":null}}");
        assertThat(json).doesNotContain("hunter2", "s3cr3t", "abc123", "tg_live_x");
    }
}
