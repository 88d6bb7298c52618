package io.tollgate.audit.internal.retention;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.audit.AuditArchiveVerifier;
import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditCheckpoint;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.internal.AuditArchiveLines;
import io.tollgate.audit.internal.retention.RetentionStore.Range;
import io.tollgate.platform.Ids;
import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Archives a tenant's aged events and purges them, one tenant transaction per archive: under a per-tenant lock,
 * the oldest events past retention are written as gzip JSON Lines plus {@code manifest.json} to the archive target,
 * read back and verified there (file hashes, every event hash and link, the signatures), recorded as a verified
 * archive, and only then purged through {@code audit_purge()}, which also records the anchor the chain continues
 * from. Anything failing rolls the transaction back: nothing is purged without its archive.
 */
@Service
public class AuditArchiver {

    public enum Outcome { NOTHING_TO_DO, BUSY, HELD, ARCHIVED, FAILED }

    /** What one archive step did for one tenant. */
    public record Result(Outcome outcome, @Nullable Long fromSeq, @Nullable Long toSeq, long purged,
                  @Nullable String folder, @Nullable String location, @Nullable String detail) {

        static Result of(Outcome outcome) {
            return new Result(outcome, null, null, 0, null, null, null);
        }
    }

    /** How archives are cut; the configured values unless an operator (or a test) asks for others. */
    public record Limits(int eventsPerFile, int maxEventsPerArchive) {

        public Limits {
            if (eventsPerFile < 1 || maxEventsPerArchive < 1) {
                throw new IllegalArgumentException("archive limits must be positive");
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AuditArchiver.class);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final RetentionStore store;
    private final AuditCheckpoints checkpoints;
    private final ArchiveTarget target;
    private final TenantTransactions transactions;
    private final TenantCatalog tenants;
    private final ApplicationEventPublisher events;
    private final AuditProperties properties;
    private final Clock clock;
    private final Counter purgedEvents;
    private final MeterRegistry meters;
    private final Map<TenantId, Boolean> failedByTenant = new ConcurrentHashMap<>();
    private final AtomicLong lastRunEpochSeconds = new AtomicLong();

    AuditArchiver(RetentionStore store, AuditCheckpoints checkpoints, ArchiveTarget target,
                  TenantTransactions transactions, TenantCatalog tenants, ApplicationEventPublisher events,
                  AuditProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.target = target;
        this.transactions = transactions;
        this.tenants = tenants;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.purgedEvents = Counter.builder("tollgate.audit.events.purged")
                .description("Audit events purged after a verified archive").register(meters);
        Gauge.builder("tollgate.audit.archive.failed", failedByTenant,
                        map -> map.values().stream().filter(Boolean::booleanValue).count())
                .description("Tenants whose last archive run failed (alert when above 0)").register(meters);
        Gauge.builder("tollgate.audit.archive.last_run", lastRunEpochSeconds, AtomicLong::get)
                .description("When the archive job last completed (epoch seconds)").baseUnit("seconds")
                .register(meters);
    }

    /** Every active tenant, each until nothing more is due (a tenant with many aged events gets several archives). */
    void archiveAll() {
        for (TenantId tenant : tenants.activeTenants()) {
            archiveTenant(tenant);
        }
        lastRunEpochSeconds.set(clock.instant().getEpochSecond());
    }

    /** All that is due for one tenant; returns the step results in order. */
    public List<Result> archiveTenant(TenantId tenant) {
        return archiveTenant(tenant, configuredLimits());
    }

    public List<Result> archiveTenant(TenantId tenant, Limits limits) {
        List<Result> results = new ArrayList<>();
        Result result;
        do {
            result = archiveOnce(tenant, limits);
            results.add(result);
        } while (result.outcome() == Outcome.ARCHIVED);
        return results;
    }

    /** One archive (at most {@code max-events-per-archive} events) and its purge. */
    public Result archiveOnce(TenantId tenant) {
        return archiveOnce(tenant, configuredLimits());
    }

    public Result archiveOnce(TenantId tenant, Limits limits) {
        Instant started = clock.instant();
        Result result;
        try {
            result = transactions.asTenant(tenant, () -> archiveBound(tenant, started, limits));
        } catch (RuntimeException e) {
            log.error("Archiving the audit trail of tenant {} failed; nothing was purged", tenant, e);
            String detail = describe(e);
            recordFailure(tenant, started, detail);
            result = new Result(Outcome.FAILED, null, null, 0, null, null, detail);
        }
        if (result.outcome() != Outcome.BUSY && result.outcome() != Outcome.NOTHING_TO_DO) {
            Counter.builder("tollgate.audit.archive.runs").tag("outcome", result.outcome().name().toLowerCase())
                    .description("Archive steps by outcome").register(meters).increment();
        }
        if (result.outcome() != Outcome.BUSY) {
            failedByTenant.put(tenant, result.outcome() == Outcome.FAILED);
        }
        return result;
    }

    private Limits configuredLimits() {
        return new Limits(properties.archive().eventsPerFile(), properties.archive().maxEventsPerArchive());
    }

    private Result archiveBound(TenantId tenant, Instant started, Limits limits) {
        if (!store.tryLock(tenant)) {
            return Result.of(Outcome.BUSY);
        }
        RetentionViews.Settings settings = store.settings();
        Optional<Range> due = store.purgeableRange(settings.retentionDays(), limits.maxEventsPerArchive());
        if (due.isEmpty()) {
            return Result.of(Outcome.NOTHING_TO_DO);
        }
        Range range = due.get();
        if (settings.legalHold()) {
            store.insertRun(tenant, started, "HELD", range, 0, null, "Legal hold: nothing archived or purged.");
            return new Result(Outcome.HELD, range.fromSeq(), range.toSeq(), 0, null, null, "legal hold");
        }
        RetentionStore.Head head = store.head().orElseThrow();
        String lastHash = store.hashAt(range.toSeq()).orElseThrow();
        AuditCheckpoint anchor = checkpoints.at(tenant, range.toSeq(), lastHash);
        AuditCheckpoint headAtCut = checkpoints.at(tenant, head.seq(), head.hash());

        String folder = tenant + "/" + range.fromSeq() + "-" + range.toSeq();
        Written written = write(tenant, range, folder, anchor, headAtCut, limits.eventsPerFile());
        String expectedPrev = store.latestAnchor().map(RetentionViews.Anchor::lastHash).orElse(AuditChain.GENESIS);
        if (!written.firstPrevHash().equals(expectedPrev)) {
            throw new IllegalStateException("seq " + range.fromSeq() + " does not link to where the stored chain "
                    + "begins; verify the chain before archiving");
        }
        verifyInTarget(folder, range);

        UUID archiveId = Ids.newUuid();
        String location = target.location(folder);
        store.insertArchive(tenant, archiveId, range, written.firstPrevHash(), lastHash, written.manifestSha256(),
                written.fileCount(), location);
        long purged = store.purge(range.toSeq(), written.manifestSha256());
        events.publishEvent(new AuditEventsPurged(tenant, range.fromSeq(), range.toSeq(), purged,
                written.manifestSha256(), location));
        store.insertRun(tenant, started, "ARCHIVED", range, purged, archiveId, null);
        purgedEvents.increment(purged);
        log.info("Archived and purged audit events {}..{} of tenant {} to {}", range.fromSeq(), range.toSeq(), tenant,
                location);
        return new Result(Outcome.ARCHIVED, range.fromSeq(), range.toSeq(), purged, folder, location, null);
    }

    private record FileEntry(String name, String sha256, long count, long fromSeq, long toSeq) {
    }

    private record Written(String firstPrevHash, String manifestSha256, int fileCount) {
    }

    /** Writes the files locally, then puts them and the manifest (last) to the target. */
    private Written write(TenantId tenant, Range range, String folder, AuditCheckpoint anchor,
                          AuditCheckpoint headAtCut, int eventsPerFile) {
        Path work = null;
        try {
            work = Files.createTempDirectory("tollgate-audit-archive");
            Chunker chunker = new Chunker(work, eventsPerFile);
            store.forEachInRange(range, chunker::accept);
            List<FileEntry> files = chunker.finish();
            if (chunker.firstPrevHash == null || files.stream().mapToLong(FileEntry::count).sum() != range.count()) {
                throw new IllegalStateException("the stored events of seq " + range.fromSeq() + ".." + range.toSeq()
                        + " are not contiguous");
            }
            for (FileEntry file : files) {
                target.put(folder + "/" + file.name(), work.resolve(file.name()));
            }
            byte[] manifest = manifest(tenant, range, chunker.firstPrevHash, files, anchor, headAtCut);
            Path manifestFile = work.resolve(AuditArchiveVerifier.MANIFEST);
            Files.write(manifestFile, manifest);
            target.put(folder + "/" + AuditArchiveVerifier.MANIFEST, manifestFile);
            return new Written(chunker.firstPrevHash, sha256Hex(manifest), files.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the archive " + folder, e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** Reads everything back from the target and verifies it as an outsider would, pinned to our own key. */
    private void verifyInTarget(String folder, Range range) {
        AuditArchiveVerifier.Result check = AuditArchiveVerifier.verify(name -> target.open(folder + "/" + name),
                checkpoints.publicKey());
        if (!check.intact() || check.fromSeq() != range.fromSeq() || check.toSeq() != range.toSeq()
                || check.eventsChecked() != range.count()) {
            throw new IllegalStateException("The archive read back from " + target.location(folder)
                    + " does not verify: " + String.join("; ", check.problems()));
        }
    }

    private byte[] manifest(TenantId tenant, Range range, String firstPrevHash, List<FileEntry> files,
                            AuditCheckpoint anchor, AuditCheckpoint headAtCut) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", AuditArchiveVerifier.FORMAT);
        root.put("tenant_id", tenant.toString());
        root.put("from_seq", range.fromSeq());
        root.put("to_seq", range.toSeq());
        root.put("count", range.count());
        root.put("prev_hash", firstPrevHash);
        ArrayNode list = root.putArray("files");
        for (FileEntry file : files) {
            ObjectNode entry = list.addObject();
            entry.put("name", file.name());
            entry.put("sha256", file.sha256());
            entry.put("count", file.count());
            entry.put("from_seq", file.fromSeq());
            entry.put("to_seq", file.toSeq());
        }
        ObjectNode anchorNode = root.putObject("anchor");
        anchorNode.put("seq", anchor.seq());
        anchorNode.put("hash", anchor.hash());
        checkpoint(anchorNode.putObject("checkpoint"), anchor);
        ObjectNode headNode = root.putObject("chain_head_at_cut");
        headNode.put("seq", headAtCut.seq());
        headNode.put("hash", headAtCut.hash());
        checkpoint(headNode.putObject("checkpoint"), headAtCut);
        root.put("created_at", AuditChain.timestamp(clock.instant()));
        return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void checkpoint(ObjectNode node, AuditCheckpoint c) {
        node.put("tenant_id", c.tenantId().toString());
        node.put("seq", c.seq());
        node.put("hash", c.hash());
        node.put("signed_at", AuditChain.timestamp(c.signedAt()));
        node.put("key_id", c.keyId());
        node.put("algorithm", "Ed25519");
        node.put("public_key", c.publicKey());
        node.put("signature", c.signature());
        node.put("payload", c.payload());
    }

    /**
     * Copies an archive folder from the target to a local folder, for an investigation: the manifest and the files
     * it lists. Verify the copy with {@link AuditArchiveVerifier} before relying on it.
     */
    public Path restore(String folder, Path destination) throws IOException {
        Files.createDirectories(destination);
        Path manifest = destination.resolve(AuditArchiveVerifier.MANIFEST);
        try (InputStream in = target.open(folder + "/" + AuditArchiveVerifier.MANIFEST)) {
            Files.copy(in, manifest, StandardCopyOption.REPLACE_EXISTING);
        }
        for (var file : JSON.readTree(manifest.toFile()).path("files").values()) {
            String name = file.path("name").asString();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IOException("the manifest names a file outside the archive: " + name);
            }
            try (InputStream in = target.open(folder + "/" + name)) {
                Files.copy(in, destination.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return destination;
    }

    private void recordFailure(TenantId tenant, Instant started, String detail) {
        try {
            transactions.runAsTenant(tenant, () -> store.insertRun(tenant, started, "FAILED", null, 0, null, detail));
        } catch (RuntimeException e) {
            log.error("Could not record the failed archive run of tenant {}", tenant, e);
        }
    }

    /** A message for the console: the cause chain's messages, no stack trace. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 600; t = t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                text.append(text.isEmpty() ? "" : " — ").append(t.getMessage());
            }
        }
        return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(@Nullable Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not remove the temporary archive folder {}", folder, e);
        }
    }

    /** Cuts the streamed events into gzip files of at most {@code perFile} events, hashing each as written. */
    private static final class Chunker {

        private final Path folder;
        private final int perFile;
        private final List<FileEntry> done = new ArrayList<>();
        private @Nullable String firstPrevHash;
        private @Nullable Writer writer;
        private @Nullable MessageDigest digest;
        private @Nullable Path current;
        private long count;
        private long fromSeq;
        private long lastSeq;

        Chunker(Path folder, int perFile) {
            this.folder = folder;
            this.perFile = perFile;
        }

        void accept(AuditRecord record) {
            try {
                if (firstPrevHash == null) {
                    firstPrevHash = record.prevHash();
                }
                if (writer == null) {
                    open(record.seq());
                }
                writer.write(AuditArchiveLines.jsonLine(record));
                count++;
                lastSeq = record.seq();
                if (count == perFile) {
                    close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<FileEntry> finish() throws IOException {
            if (writer != null) {
                close();
            }
            return done;
        }

        private void open(long seq) throws IOException {
            digest = sha256();
            current = folder.resolve("part-" + (done.size() + 1) + ".tmp");
            OutputStream out = new DigestOutputStream(Files.newOutputStream(current), digest);
            writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out, 65536),
                    StandardCharsets.UTF_8), 65536);
            fromSeq = seq;
            count = 0;
        }

        private void close() throws IOException {
            writer.close();
            String name = String.format("events-%012d-%012d.jsonl.gz", fromSeq, lastSeq);
            Files.move(current, folder.resolve(name));
            done.add(new FileEntry(name, HexFormat.of().formatHex(digest.digest()), count, fromSeq, lastSeq));
            writer = null;
        }
    }
}
