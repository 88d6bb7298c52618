package io.tollgate.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.tollgate.audit.AuditArchiveVerifier;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditSeals;
import io.tollgate.audit.AuditTrail;
import io.tollgate.audit.AuditVerification;
import io.tollgate.audit.AuditableEvent;
import io.tollgate.audit.internal.retention.AuditArchiver;
import io.tollgate.audit.internal.retention.AuditArchiver.Limits;
import io.tollgate.audit.internal.retention.AuditArchiver.Outcome;
import io.tollgate.audit.internal.retention.AuditCheckpoints;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The round trip: aged events are archived (gzip JSON Lines + signed manifest), read back and verified,
 * purged; the remaining chain still verifies from the purge anchor; the archive restored to a local folder verifies
 * offline; and any tampering with it is caught.
 */
@TollgateTest
class AuditArchivePurgeRoundTripTest {

    /** Something that happened recently in the fixture tenant, recorded by the app's own audit writer. */
    record Poked(TenantId tenant, int n) implements AuditableEvent {

        @Override
        public String action() {
            return "fixture.poked";
        }

        @Override
        public String targetType() {
            return "fixture";
        }

        @Override
        public String targetId() {
            return "poke-" + n;
        }
    }

    @Autowired
    Environment environment;
    @Autowired
    AuditArchiver archiver;
    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    AuditTrail trail;
    @Autowired
    TenantTransactions transactions;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    AuditSeals seals;

    AuditFixtures fixtures;

    @TempDir
    Path temp;

    @BeforeEach
    void setUp() {
        fixtures = new AuditFixtures(Databases.of(environment));
    }

    @Test
    @WithMockUser(roles = "ANALYST")
    void archiving_while_events_wait_for_their_seal_cuts_at_the_sealed_head_and_the_chain_continues()
            throws Exception {
        TenantId tenant = fixtures.tenant("waiting");
        List<AuditRecord> old = fixtures.oldEvents(tenant, 6, 200);
        List<AuditRecord> head = fixtures.oldEvents(tenant, 1, 0);
        fixtures.unsealedEvent(tenant, "fixture.waiting");

        AuditArchiver.Result archived = archiver.archiveOnce(tenant);

        assertThat(archived.outcome()).as(String.valueOf(archived.detail())).isEqualTo(Outcome.ARCHIVED);
        assertThat(archived.toSeq()).isEqualTo(6);
        assertThat(anchors(tenant)).containsExactly("6:" + old.getLast().hash());
        Path restored = archiver.restore(archived.folder(), temp.resolve("waiting"));
        AuditArchiveVerifier.Result offline = AuditArchiveVerifier.verify(restored, null);
        assertThat(offline.intact()).as(offline.problems().toString()).isTrue();
        String manifest = Files.readString(restored.resolve(AuditArchiveVerifier.MANIFEST));
        assertThat(manifest).contains(head.getFirst().hash());

        // The waiting event and the purge's own event join the chain after the head the archive signed (the purge's
        // commit signalled the background sealer, which may be first).
        seals.sealNow(tenant);
        assertThat(fixtures.storedSeqs(tenant)).containsExactly(7L, 8L, 9L);
        AuditVerification verification = TenantScope.call(TenantScope.Binding.tenant(tenant), trail::verify);
        assertThat(verification.intact()).as(verification.toString()).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(3);
        assertThat(verification.pendingEvents()).isZero();
    }

    @Test
    @WithMockUser(roles = "ANALYST")
    void archive_purge_restore_verify_round_trip() throws Exception {
        TenantId tenant = fixtures.tenant("roundtrip");
        List<AuditRecord> old = fixtures.oldEvents(tenant, 25, 200);
        for (int n = 1; n <= 3; n++) {
            int i = n;
            transactions.runAsTenant(tenant, () -> events.publishEvent(new Poked(tenant, i)));
        }
        seals.sealNow(tenant); // the pokes are the chain's head from here on; the head is never purged

        List<AuditArchiver.Result> results = archiver.archiveTenant(tenant, new Limits(10, 15));
        seals.sealNow(tenant); // each purge recorded an event

        assertThat(results).extracting(AuditArchiver.Result::outcome)
                .containsExactly(Outcome.ARCHIVED, Outcome.ARCHIVED, Outcome.NOTHING_TO_DO);
        AuditArchiver.Result first = results.get(0);
        AuditArchiver.Result second = results.get(1);
        assertThat(first.fromSeq()).isEqualTo(1);
        assertThat(first.toSeq()).isEqualTo(15);
        assertThat(first.purged()).isEqualTo(15);
        assertThat(second.fromSeq()).isEqualTo(16);
        assertThat(second.toSeq()).isEqualTo(25);
        assertThat(second.purged()).isEqualTo(10);

        // Gone from the database; the young events stay, and each purge left its own audit event.
        assertThat(fixtures.storedSeqs(tenant)).containsExactly(26L, 27L, 28L, 29L, 30L);
        assertThat(fixtures.actions(tenant)).containsExactly("fixture.poked", "fixture.poked", "fixture.poked",
                "audit.events.purged", "audit.events.purged");
        assertThat(anchors(tenant)).containsExactly("15:" + old.get(14).hash(), "25:" + old.get(24).hash());

        // The remaining chain still verifies: it starts at the anchor.
        AuditVerification verification = TenantScope.call(TenantScope.Binding.tenant(tenant), trail::verify);
        assertThat(verification.intact()).as("chain intact after purge: %s", verification).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(5);
        assertThat(verification.lastSeq()).isEqualTo(30);

        // Restore both archives from the target and verify them offline, pinned to the exported key.
        Path a = archiver.restore(first.folder(), temp.resolve("a"));
        Path b = archiver.restore(second.folder(), temp.resolve("b"));
        try (Stream<Path> files = Files.list(a)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json",
                    "events-000000000001-000000000010.jsonl.gz", "events-000000000011-000000000015.jsonl.gz");
        }
        String publicKey = checkpoints.checkpointHead(tenant).orElseThrow().publicKey();
        Cli cli = Cli.run("--public-key", publicKey, a.toString(), b.toString());
        assertThat(cli.exit()).as(cli.out()).isZero();
        assertThat(cli.out()).contains("OK " + a).contains("OK " + b).contains("seq 1..15").contains("seq 16..25");

        // The restored events are the ones written, field for field.
        List<String> restored = new ArrayList<>(lines(a));
        restored.addAll(lines(b));
        assertThat(restored).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(restored.get(i)).contains("\"id\":\"" + old.get(i).id() + "\"")
                    .contains("\"hash\":\"" + old.get(i).hash() + "\"");
        }

        // A changed event is caught by the file hash and, even with the manifest "fixed", by the chain.
        Path tampered = copy(a, temp.resolve("tampered"));
        Path file = tampered.resolve("events-000000000011-000000000015.jsonl.gz");
        rewrite(file, line -> line.contains("\"seq\":12,") ? line.replace("Ada \\\"Lovelace\\\"", "Mallory") : line);
        AuditArchiveVerifier.Result caught = AuditArchiveVerifier.verify(tampered, publicKey);
        assertThat(caught.intact()).isFalse();
        assertThat(caught.brokenSeq()).isEqualTo(12);
        assertThat(caught.problems()).anyMatch(p -> p.contains("SHA-256")).anyMatch(p -> p.contains("HASH_MISMATCH"));

        String manifest = Files.readString(tampered.resolve("manifest.json"));
        String originalSha = sha256(a.resolve("events-000000000011-000000000015.jsonl.gz"));
        Files.writeString(tampered.resolve("manifest.json"), manifest.replace(originalSha, sha256(file)));
        AuditArchiveVerifier.Result stillCaught = AuditArchiveVerifier.verify(tampered, publicKey);
        assertThat(stillCaught.intact()).isFalse();
        assertThat(stillCaught.brokenSeq()).isEqualTo(12);
        assertThat(stillCaught.problems()).noneMatch(p -> p.contains("SHA-256"));
        Cli broken = Cli.run(tampered.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN " + tampered + " at seq 12");
    }

    @Test
    void a_forged_anchor_or_a_foreign_key_is_caught() throws Exception {
        TenantId tenant = fixtures.tenant("forged");
        List<AuditRecord> old = fixtures.oldEvents(tenant, 4, 200);
        fixtures.oldEvents(tenant, 1, 0);
        AuditArchiver.Result result = archiver.archiveOnce(tenant);
        assertThat(result.outcome()).isEqualTo(Outcome.ARCHIVED);
        Path restored = archiver.restore(result.folder(), temp.resolve("r"));
        String publicKey = checkpoints.checkpointHead(tenant).orElseThrow().publicKey();
        assertThat(AuditArchiveVerifier.verify(restored, publicKey).intact()).isTrue();

        // Dropping the last event and re-pointing the anchor breaks the anchor's signature.
        Path forged = copy(restored, temp.resolve("forged"));
        String manifest = Files.readString(forged.resolve("manifest.json"));
        Files.writeString(forged.resolve("manifest.json"), manifest.replace(old.get(3).hash(), old.get(2).hash()));
        assertThat(AuditArchiveVerifier.verify(forged, publicKey).problems())
                .anyMatch(p -> p.contains("signature") || p.contains("anchor"));

        // Pinned to another key, the genuine archive is refused.
        String otherKey = java.util.Base64.getEncoder().encodeToString(java.security.KeyPairGenerator
                .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        assertThat(AuditArchiveVerifier.verify(restored, otherKey).problems())
                .anyMatch(p -> p.contains("not the expected key"));
    }

    @Test
    @WithMockUser(roles = "ANALYST")
    void the_verifier_starts_at_the_purge_anchor_and_reports_a_chain_that_does_not_continue_it() throws Exception {
        String anchorHash = "d".repeat(64);
        TenantId continues = fixtures.tenant("anchorok");
        fixtures.anchor(continues, 4, anchorHash);
        fixtures.events(continues, 5, anchorHash, 3, 1);
        TenantId breaks = fixtures.tenant("anchorbreak");
        fixtures.anchor(breaks, 4, "e".repeat(64));
        fixtures.events(breaks, 5, anchorHash, 3, 1);

        AuditVerification intact = TenantScope.call(TenantScope.Binding.tenant(continues), trail::verify);
        AuditVerification broken = TenantScope.call(TenantScope.Binding.tenant(breaks), trail::verify);

        assertThat(intact.intact()).isTrue();
        assertThat(intact.eventsChecked()).isEqualTo(3);
        assertThat(broken.intact()).isFalse();
        assertThat(broken.brokenSeq()).isEqualTo(5);
        assertThat(broken.problem()).isEqualTo(AuditVerification.Problem.LINK_MISMATCH);
    }

    private List<String> anchors(TenantId tenant) throws SQLException {
        List<String> anchors = new ArrayList<>();
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT up_to_seq, last_hash FROM audit_purge_anchors WHERE tenant_id = ? ORDER BY up_to_seq")) {
            query.setObject(1, tenant.value());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    anchors.add(rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return anchors;
    }

    record Cli(int exit, String out) {

        static Cli run(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = AuditArchiveVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Cli(exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        }
    }

    static List<String> lines(Path archive) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(archive)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                    reader.lines().forEach(lines::add);
                }
            }
        }
        return lines;
    }

    static void rewrite(Path gz, java.util.function.UnaryOperator<String> edit) throws IOException {
        List<String> lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            lines = reader.lines().map(edit).toList();
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
