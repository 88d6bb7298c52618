package io.tollgate.platform.internal.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.IdempotentRequests;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** While the first request under a key is still running, a second one is refused with 409 instead of waiting. */
@TollgateTest
class IdempotencyInFlightTest {

    @Autowired
    IdempotentRequests idempotency;

    @Autowired
    Environment environment;

    @Autowired
    TenantTransactions transactions;

    @Test
    void a_request_run_inside_a_callers_transaction_still_holds_its_key_against_a_second_one() throws Exception {
        TenantId tenant = new TenantId(Databases.of(environment).twoTenants().a().tenant());
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);

        // The caller's transaction began without the key's lock: the lock is taken when the request joins it.
        CompletableFuture<ResponseEntity<?>> first = CompletableFuture.supplyAsync(() -> as(tenant, () ->
                transactions.asTenant(tenant, () -> idempotency.run("POST /v1/things", "k-joined", Map.of("a", 1),
                        () -> {
                            firstRunning.countDown();
                            await(finishFirst);
                            return ResponseEntity.status(201).body(Map.of("id", "thing_1"));
                        }))));
        assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();

        try {
            assertThatThrownBy(() -> as(tenant, () -> idempotency.run("POST /v1/things", "k-joined", Map.of("a", 1),
                    () -> ResponseEntity.status(201).body(Map.of("id", "thing_2")))))
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(409));
        } finally {
            finishFirst.countDown();
        }
        assertThat(first.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void a_second_request_under_a_key_still_in_flight_is_409_and_after_it_the_answer_is_replayed() throws Exception {
        TenantId tenant = new TenantId(Databases.of(environment).twoTenants().a().tenant());
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);

        CompletableFuture<ResponseEntity<?>> first = CompletableFuture.supplyAsync(() -> as(tenant, () ->
                idempotency.run("POST /v1/things", "k-1", Map.of("a", 1), () -> {
                    firstRunning.countDown();
                    await(finishFirst);
                    return ResponseEntity.status(201).body(Map.of("id", "thing_1"));
                })));
        assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> as(tenant, () -> idempotency.run("POST /v1/things", "k-1", Map.of("a", 1),
                () -> ResponseEntity.status(201).body(Map.of("id", "thing_2")))))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type().toString()).endsWith("/idempotency-key-in-flight");
                });

        finishFirst.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(201);
        ResponseEntity<?> replay = as(tenant, () -> idempotency.run("POST /v1/things", "k-1", Map.of("a", 1),
                () -> ResponseEntity.status(201).body(Map.of("id", "thing_3"))));
        assertThat(replay.getBody()).isEqualTo("{\"id\":\"thing_1\"}");
        assertThat(replay.getHeaders().get("Idempotent-Replayed")).isEqualTo(List.of("true"));
    }

    private static <T> T as(TenantId tenant, java.util.function.Supplier<T> work) {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("key:test", null));
        try {
            return TenantScope.call(TenantScope.Binding.tenant(tenant), work);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
