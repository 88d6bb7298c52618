package io.tollgate.platform.internal.idempotency;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.DatabaseOutage;
import io.tollgate.platform.IdempotentRequests;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.LockingTransaction;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TransactionBinding;
import io.tollgate.platform.TransactionWrites;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

@Component
class IdempotencyRecorder implements IdempotentRequests {

    static final String REPLAYED = "Idempotent-Replayed";

    private final IdempotencyStore store;
    private final RetryBeforeCommitTransaction transaction;
    private final JsonMapper json;
    private final Counter withoutKey;

    IdempotencyRecorder(IdempotencyStore store, PlatformTransactionManager transactions, TransactionWrites writes,
                        JsonMapper json, MeterRegistry meters,
                        @Value("${tollgate.db.attempts-before-commit:3}") int attemptsBeforeCommit) {
        this.store = store;
        this.transaction = new RetryBeforeCommitTransaction(transactions, writes, attemptsBeforeCommit, meters);
        this.json = json;
        this.withoutKey = Counter.builder("tollgate.idempotency.missing_key")
                .description("Money-moving requests sent without an Idempotency-Key (ADR 0047)")
                .register(meters);
    }

    @Override
    public ResponseEntity<?> run(String operation, @Nullable String key, @Nullable Object request,
                                 Supplier<ResponseEntity<?>> work) {
        if (key == null) {
            withoutKey.increment();
            return transaction.execute(work);
        }
        checkFormat(key);
        TenantId tenant = TenantScope.requireTenant();
        String credential = credential();
        byte[] fingerprint = fingerprint(operation, request);
        LockingTransaction locking = IdempotencyStore.lockingTransaction(tenant, credential, key);
        try {
            return transaction.execute(locking, () -> {
                if (!keyLocked(locking)) {
                    throw new InFlight();
                }
                ResponseEntity<?> response = work.get();
                if (!response.getStatusCode().is2xxSuccessful()) {
                    store.find(credential, key).ifPresent(stored -> {
                        throw new AlreadyAnswered(stored);
                    });
                    return response;
                }
                URI location = response.getHeaders().getLocation();
                IdempotencyStore.Stored answer = new IdempotencyStore.Stored(fingerprint,
                        response.getStatusCode().value(), json.writeValueAsString(response.getBody()),
                        location == null ? null : location.toString());
                if (!store.saveUnlessRecorded(tenant, credential, key, answer)) {
                    throw new AlreadyAnswered(store.find(credential, key).orElseThrow());
                }
                return response;
            });
        } catch (AlreadyAnswered answered) {
            // The work ran again only to be rolled back: the first answer stands.
            return replay(answered.stored, fingerprint);
        } catch (InFlight inFlight) {
            throw new ApiProblemException(409, "idempotency-key-in-flight",
                    "A request with this Idempotency-Key is still being processed; retry in a moment.");
        } catch (RuntimeException failed) {
            // A repeated request can fail where the first one succeeded (the reservation has moved on since): the
            // first answer stands then too. The lock went with the rollback, so this looks in a transaction of its
            // own. A lost database is left to the client's keyed retry (ADR 0046).
            if (DatabaseOutage.isOutage(failed)) {
                throw failed;
            }
            Optional<IdempotencyStore.Stored> previous = transaction.execute(() -> store.find(credential, key));
            if (previous.isPresent()) {
                return replay(previous.get(), fingerprint);
            }
            throw failed;
        }
    }

    /** The key's lock: taken by the transaction's first statement, or now when this joined a caller's transaction. */
    private boolean keyLocked(LockingTransaction locking) {
        TransactionBinding binding = TransactionBinding.current().orElse(null);
        return binding != null && binding.began(locking) ? binding.lockTaken() : store.tryLock(locking);
    }

    /** Another request holds the key's lock. */
    private static final class InFlight extends RuntimeException {
        InFlight() {
            super(null, null, false, false);
        }
    }

    /** The key has an answer recorded by an earlier request; thrown to roll back this one's work. */
    private static final class AlreadyAnswered extends RuntimeException {
        private final transient IdempotencyStore.Stored stored;

        AlreadyAnswered(IdempotencyStore.Stored stored) {
            super(null, null, false, false);
            this.stored = stored;
        }
    }

    private static ResponseEntity<?> replay(IdempotencyStore.Stored stored, byte[] fingerprint) {
        if (!Arrays.equals(stored.requestHash(), fingerprint)) {
            throw new ApiProblemException(422, "idempotency-key-reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request.");
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(stored.status())
                .contentType(MediaType.APPLICATION_JSON).header(REPLAYED, "true");
        if (stored.location() != null) {
            answer.location(URI.create(stored.location()));
        }
        return answer.body(stored.body());
    }

    private byte[] fingerprint(String operation, @Nullable Object request) {
        String body = request == null ? "" : json.writeValueAsString(request);
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((operation + "\n" + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkFormat(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidInputException("Idempotency-Key", "Use 1–255 visible ASCII characters.");
        }
    }

    private static String credential() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "anonymous" : authentication.getName();
    }
}
