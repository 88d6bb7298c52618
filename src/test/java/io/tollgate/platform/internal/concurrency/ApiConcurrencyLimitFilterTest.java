package io.tollgate.platform.internal.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * ADR 0057: at most {@code max-requests} /v1 requests work at once; the others wait at the door in arrival order,
 * and one that waits longer than {@code max-wait} is answered 503 with {@code Retry-After}. Driven through the
 * filter with a servlet that holds each admitted request until the test lets it go.
 */
class ApiConcurrencyLimitFilterTest {

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger working = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void letEveryoneGo() {
        release.countDown();
        callers.close();
    }

    @Test
    void requests_past_the_limit_wait_until_a_place_frees() throws Exception {
        var filter = new ApiConcurrencyLimitFilter(2, Duration.ofSeconds(30));

        List<Future<MockHttpServletResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(callers.submit(() -> call(filter, "/v1/reservations")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> working.get() == 2 && filter.waiting() == 1);
        assertThat(answers).noneMatch(Future::isDone);

        release.countDown();
        for (Future<MockHttpServletResponse> answer : answers) {
            assertThat(answer.get().getStatus()).isEqualTo(200);
        }
        assertThat(mostAtOnce).hasValue(2);
        assertThat(filter.waiting()).isZero();
    }

    @Test
    void a_request_that_waits_longer_than_max_wait_is_503_with_retry_after() throws Exception {
        var filter = new ApiConcurrencyLimitFilter(1, Duration.ofMillis(200));
        Future<MockHttpServletResponse> first = callers.submit(() -> call(filter, "/v1/reservations"));
        await().atMost(Duration.ofSeconds(10)).until(() -> working.get() == 1);

        MockHttpServletResponse turnedAway = callers.submit(() -> call(filter, "/v1/reservations/rsv_x/commit"))
                .get(10, TimeUnit.SECONDS);

        assertThat(turnedAway.getStatus()).isEqualTo(503);
        assertThat(turnedAway.getHeader("Retry-After")).isEqualTo("1");
        assertThat(turnedAway.getContentType()).startsWith("application/problem+json");
        assertThat(turnedAway.getContentAsString()).contains("https://tollgate.io/problems/service-unavailable");
        release.countDown();
        assertThat(first.get().getStatus()).isEqualTo(200);
    }

    @Test
    void the_console_and_other_paths_never_wait() throws Exception {
        var filter = new ApiConcurrencyLimitFilter(1, Duration.ofSeconds(30));
        callers.submit(() -> call(filter, "/v1/reservations"));
        await().atMost(Duration.ofSeconds(10)).until(() -> working.get() == 1);

        MockHttpServletResponse page = callers.submit(() -> callWithoutHolding(filter, "/app/budgets"))
                .get(10, TimeUnit.SECONDS);

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(filter.waiting()).isZero();
    }

    @Test
    void a_place_is_given_back_when_the_request_fails() throws Exception {
        var filter = new ApiConcurrencyLimitFilter(1, Duration.ofMillis(200));
        var failing = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                throw new IllegalStateException("boom");
            }
        });

        assertThatThrownBy(() -> filter.doFilter(request("/v1/reservations"), new MockHttpServletResponse(), failing))
                .hasMessage("boom");

        assertThat(callWithoutHolding(filter, "/v1/reservations").getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse call(ApiConcurrencyLimitFilter filter, String path) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request(path), response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                mostAtOnce.accumulateAndGet(working.incrementAndGet(), Math::max);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    working.decrementAndGet();
                }
            }
        }));
        return response;
    }

    private static MockHttpServletResponse callWithoutHolding(ApiConcurrencyLimitFilter filter, String path)
            throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request(path), response, new MockFilterChain());
        return response;
    }

    private static MockHttpServletRequest request(String path) {
        var request = new MockHttpServletRequest("POST", path);
        request.setRequestURI(path);
        return request;
    }
}
