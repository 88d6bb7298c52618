package io.tollgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.audit.AuditSeals;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;

/** The alert rules shipped for the sealer query metrics the app really exports, under those exact names. */
@TollgateTest
class AuditSealAlertRulesTest {

    private static final Path RULES = Path.of("deploy", "prometheus", "tollgate-audit-rules.yaml");
    private static final Pattern METRIC = Pattern.compile("\\b(tollgate_audit_[a-z_]+)\\b");

    @LocalManagementPort
    int managementPort;

    @Autowired
    TenantTransactions transactions;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditSeals seals;

    @Autowired
    AuditSealer sealer;

    @Test
    void every_metric_the_audit_alert_rules_use_is_on_the_prometheus_endpoint() throws Exception {
        var tenant = AuditFixtures.newTenant(jdbc);
        AuditFixtures.record(transactions, events, tenant, 1);
        seals.sealNow(tenant);
        sealer.sweep();
        Set<String> used = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(RULES));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(used).contains("tollgate_audit_seal_lag_seconds_bucket", "tollgate_audit_unsealed_oldest_age_seconds",
                "tollgate_audit_seal_failures_total", "tollgate_audit_seal_last_sweep_seconds");
        for (String metric : used) {
            assertThat(scrape.body()).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
        assertThat(scrape.body()).containsPattern("(?m)^tollgate_audit_unsealed_events[{ ]")
                .contains("le=\"2.0\"");
    }
}
