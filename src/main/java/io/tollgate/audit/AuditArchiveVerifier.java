package io.tollgate.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an audit archive without the database: every file's SHA-256 against {@code manifest.json}, every event's
 * hash recomputed with {@link AuditChain}, every link from the manifest's {@code prev_hash} to its anchor, and the
 * Ed25519 signatures of the anchor and of the chain head at the cut. Given several archives of one tenant in order,
 * it also checks that each continues the previous one.
 *
 * <pre>
 * java -cp tollgate.jar -Dloader.main=io.tollgate.audit.AuditArchiveVerifier \
 *      org.springframework.boot.loader.launch.PropertiesLauncher [--public-key KEY] ARCHIVE_DIR...
 * </pre>
 *
 * Prints {@code OK …} and exits 0, or names the first broken seq and exits 1; 2 for usage errors. {@code KEY}
 * (base64 X.509 public key, a PEM file or a key id) pins the signer instead of trusting the key in the manifest.
 */
public final class AuditArchiveVerifier {

    public static final String MANIFEST = "manifest.json";
    public static final String FORMAT = "tollgate.audit.archive/v1";
    private static final int MAX_PROBLEMS = 20;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Opens a file of one archive by its name inside the archive (a folder, an object-store prefix). */
    @FunctionalInterface
    public interface Source {
        InputStream open(String name) throws IOException;
    }

    /**
     * The outcome for one archive. {@code brokenSeq} is the first event that fails (null when the problems are
     * about files or signatures only); {@code problems} says what, in order of discovery.
     */
    public record Result(boolean intact, @Nullable UUID tenantId, long fromSeq, long toSeq, long eventsChecked,
                         @Nullable Long brokenSeq, @Nullable String prevHash, @Nullable String lastHash,
                         @Nullable String keyId, List<String> problems) {
    }

    private AuditArchiveVerifier() {
    }

    public static Result verify(Path folder, @Nullable String pinnedPublicKey) {
        return verify(name -> Files.newInputStream(folder.resolve(name)), pinnedPublicKey);
    }

    public static Result verify(Source source, @Nullable String pinnedPublicKey) {
        return new Run(source, pinnedPublicKey).run();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line, testable: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String pinned = null;
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--public-key".equals(args[i]) && i + 1 < args.length) {
                pinned = args[++i];
            } else if (args[i].startsWith("-")) {
                return usage(err);
            } else {
                folders.add(Path.of(args[i]));
            }
        }
        if (folders.isEmpty()) {
            return usage(err);
        }
        try {
            pinned = pinned == null ? null : readKey(pinned);
        } catch (IOException e) {
            err.println("Cannot read the public key " + pinned + ": " + e.getMessage());
            return 2;
        }
        boolean allIntact = true;
        Result previous = null;
        for (Path folder : folders) {
            Result result = verify(folder, pinned);
            List<String> problems = new ArrayList<>(result.problems());
            if (previous != null && result.tenantId() != null) {
                if (!Objects.equals(previous.tenantId(), result.tenantId())) {
                    problems.add("belongs to tenant " + result.tenantId() + ", the previous archive to "
                            + previous.tenantId());
                } else if (result.fromSeq() != previous.toSeq() + 1
                        || !Objects.equals(result.prevHash(), previous.lastHash())) {
                    problems.add("does not continue the previous archive (which ends at seq " + previous.toSeq()
                            + ")");
                }
            }
            if (problems.isEmpty()) {
                out.printf("OK %s: tenant %s, seq %d..%d, %d events, anchor hash %s, signed by key %s%n", folder,
                        result.tenantId(), result.fromSeq(), result.toSeq(), result.eventsChecked(),
                        result.lastHash(), result.keyId());
            } else {
                allIntact = false;
                out.printf("BROKEN %s%s%n", folder,
                        result.brokenSeq() == null ? "" : " at seq " + result.brokenSeq());
                problems.forEach(problem -> out.println("  - " + problem));
            }
            previous = result;
        }
        return allIntact ? 0 : 1;
    }

    private static int usage(PrintStream err) {
        err.println("usage: AuditArchiveVerifier [--public-key BASE64|PEM_FILE|KEY_ID] ARCHIVE_DIR...");
        return 2;
    }

    /** A base64 key, a key id, or a file holding either or a PEM public key; normalised to base64 or key id. */
    static String readKey(String argument) throws IOException {
        Path file = Path.of(argument);
        String text = Files.isRegularFile(file) ? Files.readString(file) : argument;
        StringBuilder base64 = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.startsWith("-----")) {
                base64.append(line.trim());
            }
        }
        return base64.toString();
    }

    /** One verification; collects problems instead of stopping at the first, but judges events only until the first break. */
    private static final class Run {

        private final Source source;
        private final @Nullable String pinned;
        private final List<String> problems = new ArrayList<>();
        private @Nullable Long brokenSeq;
        private @Nullable UUID tenant;
        private long fromSeq;
        private long toSeq;
        private long checked;
        private long expectedSeq;
        private String expectedPrev = AuditChain.GENESIS;
        private @Nullable String prevHash;
        private @Nullable String keyId;

        Run(Source source, @Nullable String pinned) {
            this.source = source;
            this.pinned = pinned;
        }

        Result run() {
            JsonNode manifest;
            try (InputStream in = source.open(MANIFEST)) {
                manifest = JSON.readTree(in);
            } catch (NoSuchFileException e) {
                return fail("there is no " + MANIFEST);
            } catch (IOException | JacksonException e) {
                return fail(MANIFEST + " cannot be read: " + e.getMessage());
            }
            try {
                walk(manifest);
            } catch (RuntimeException e) {
                problem(null, MANIFEST + " is malformed: " + e.getMessage());
            }
            return result();
        }

        private void walk(JsonNode manifest) {
            if (!FORMAT.equals(text(manifest, "format"))) {
                problem(null, "unknown archive format " + text(manifest, "format"));
                return;
            }
            tenant = UUID.fromString(required(manifest, "tenant_id"));
            fromSeq = number(manifest, "from_seq");
            toSeq = number(manifest, "to_seq");
            prevHash = required(manifest, "prev_hash");
            expectedSeq = fromSeq;
            expectedPrev = prevHash;
            if (fromSeq == 1 && !AuditChain.GENESIS.equals(prevHash)) {
                problem(null, "an archive starting at seq 1 must link to the genesis hash");
            }
            for (JsonNode file : manifest.path("files").values()) {
                checkFile(file);
            }
            long count = number(manifest, "count");
            if (count != checked || count != toSeq - fromSeq + 1) {
                problem(null, "the manifest counts " + count + " events for seq " + fromSeq + ".." + toSeq + ", the files hold "
                        + checked);
            }
            JsonNode anchor = manifest.path("anchor");
            if (number(anchor, "seq") != toSeq || !expectedPrev.equals(required(anchor, "hash"))) {
                problem(null, "the anchor (seq " + number(anchor, "seq") + ") is not the archive's last event");
            }
            checkCheckpoint("anchor", anchor);
            JsonNode head = manifest.path("chain_head_at_cut");
            if (number(head, "seq") < toSeq) {
                problem(null, "the chain head at the cut lies before the archive's end");
            }
            checkCheckpoint("chain head at the cut", head);
        }

        private void checkFile(JsonNode file) {
            String name = required(file, "name");
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                problem(null, "file name " + name + " is not allowed");
                return;
            }
            MessageDigest sha256 = sha256();
            long inFile = 0;
            try (InputStream raw = source.open(name);
                 DigestInputStream digesting = new DigestInputStream(raw, sha256)) {
                try {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(digesting),
                            StandardCharsets.UTF_8));
                    String line;
                    while ((line = lines.readLine()) != null) {
                        inFile++;
                        checkEvent(name, line);
                    }
                } catch (IOException e) {
                    problem(expectedSeq, name + " cannot be decompressed: " + e.getMessage());
                }
                digesting.transferTo(OutputStream.nullOutputStream());
            } catch (NoSuchFileException e) {
                problem(expectedSeq, name + " is missing");
                return;
            } catch (IOException e) {
                problem(expectedSeq, name + " cannot be read: " + e.getMessage());
                return;
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            String expected = required(file, "sha256");
            if (!actual.equals(expected)) {
                problem(null, name + ": SHA-256 is " + actual + ", the manifest says " + expected);
            }
            if (file.has("count") && number(file, "count") != inFile) {
                problem(null, name + " holds " + inFile + " events, the manifest says " + number(file, "count"));
            }
        }

        private void checkEvent(String file, String line) {
            long seq = expectedSeq;
            checked++;
            expectedSeq++;
            AuditRecord record;
            try {
                record = parse(JSON.readTree(line));
            } catch (RuntimeException e) {
                problem(seq, file + ": the event at seq " + seq + " cannot be parsed");
                return;
            }
            if (brokenSeq == null) {
                if (!record.tenantId().equals(tenant)) {
                    problem(record.seq(), "seq " + record.seq() + " belongs to another tenant");
                } else if (record.seq() == null || record.seq() != seq) {
                    problem(seq, "seq " + seq + " is missing (found " + record.seq() + ")");
                } else if (!expectedPrev.equals(record.prevHash())) {
                    problem(seq, "seq " + seq + " does not link to the previous event (LINK_MISMATCH)");
                } else if (!AuditChain.hash(record).equals(record.hash())) {
                    problem(seq, "seq " + seq + "'s content does not match its hash (HASH_MISMATCH)");
                }
            }
            expectedSeq = record.seq() == null ? seq + 1 : record.seq() + 1;
            expectedPrev = record.hash() == null ? "" : record.hash();
        }

        private void checkCheckpoint(String what, JsonNode holder) {
            JsonNode node = holder.path("checkpoint");
            if (node.isMissingNode() || node.isNull()) {
                problem(null, "the " + what + " has no signed checkpoint");
                return;
            }
            AuditCheckpoint checkpoint = new AuditCheckpoint(UUID.fromString(required(node, "tenant_id")),
                    number(node, "seq"), required(node, "hash"), Instant.parse(required(node, "signed_at")),
                    required(node, "key_id"), required(node, "signature"), required(node, "public_key"));
            keyId = checkpoint.keyId();
            if (!checkpoint.tenantId().equals(tenant) || checkpoint.seq() != number(holder, "seq")
                    || !checkpoint.hash().equals(required(holder, "hash"))) {
                problem(null, "the " + what + "'s checkpoint signs another event");
            } else if (!checkpoint.verifies()) {
                problem(null, "the " + what + "'s checkpoint signature does not verify");
            } else if (node.has("payload") && !checkpoint.payload().equals(text(node, "payload"))) {
                problem(null, "the " + what + "'s checkpoint payload does not match its fields");
            } else if (pinned != null && !pinned.equals(checkpoint.publicKey()) && !pinned.equals(checkpoint.keyId())) {
                problem(null, "the " + what + " is signed by key " + checkpoint.keyId() + ", not the expected key "
                        + (pinned.length() == 16 ? pinned : keyIdOf(pinned)));
            }
        }

        private void problem(@Nullable Long seq, String text) {
            if (brokenSeq == null && seq != null) {
                brokenSeq = seq;
            }
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(text);
            }
        }

        private Result fail(String text) {
            problem(null, text);
            return result();
        }

        private Result result() {
            return new Result(problems.isEmpty(), tenant, fromSeq, toSeq, checked, brokenSeq, prevHash,
                    checked > 0 ? expectedPrev : null, keyId, List.copyOf(problems));
        }
    }

    /** An event as exported (JSON Lines carry every stored field, both hashes included). */
    static AuditRecord parse(JsonNode n) {
        return new AuditRecord(UUID.fromString(required(n, "tenant_id")), UUID.fromString(required(n, "id")),
                number(n, "seq"), Instant.parse(required(n, "occurred_at")), required(n, "actor_type"),
                text(n, "actor_id"), required(n, "actor_name"), required(n, "action"), required(n, "target_type"),
                text(n, "target_id"), text(n, "request_id"), text(n, "trace_id"), text(n, "ip"),
                text(n, "user_agent"), required(n, "changes"), required(n, "prev_hash"), required(n, "hash"));
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.stringValue();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is missing or not a whole number");
        }
        return value.longValue();
    }

    private static String keyIdOf(String base64) {
        try {
            return AuditCheckpoint.keyId(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
