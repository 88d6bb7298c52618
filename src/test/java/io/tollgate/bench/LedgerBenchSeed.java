package io.tollgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.identity.BearerFixtures;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import org.springframework.mock.env.MockEnvironment;

/**
 * Seeds the organisation {@code bench/ledger.sh} drives: one tenant, 50 teams with a project each, 1,000 agents (20 per
 * project) with a {@code reservations:write} key each, a hard monthly budget per team and a hard daily budget per
 * agent — and no org budget, so case (a) has no row every request shares; the script adds the org budget (in SQL) for
 * case (b). Limits are far above what a run can spend. Writes one {@code secret} per line to the keys file, an
 * {@code admin} key (for the bench's closing audit-chain and ledger checks) to {@code <keys file>.admin}, and the
 * tenant id to stdout.
 *
 * <p>Usage: {@code LedgerBenchSeed <app port> <postgres port> <keys file> [agents]} (default 1,000; the CI smoke
 * seeds fewer, always 20 per team).
 */
public final class LedgerBenchSeed {

    static final int AGENTS_PER_TEAM = 20;
    static final int DEFAULT_AGENTS = 1_000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int pgPort = Integer.parseInt(args[1]);
        Path keysFile = Path.of(args[2]);
        int agentCount = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_AGENTS;
        int teamCount = Math.max(1, agentCount / AGENTS_PER_TEAM);
        Databases databases = Databases.of(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://localhost:" + pgPort + "/tollgate")
                .withProperty("spring.datasource.username", "tollgate_app")
                .withProperty("spring.liquibase.user", "tollgate_owner"));
        LedgerFixture org = new LedgerFixture(port, databases, "Bench");
        List<UUID> teams = new ArrayList<>();
        List<BearerFixtures.Agent> agents = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(databases.url(), Databases.SUPERUSER, "")) {
            connection.setAutoCommit(false);
            try (PreparedStatement team = connection.prepareStatement(
                    "INSERT INTO teams (tenant_id, id, name) VALUES (?, ?, ?)");
                 PreparedStatement project = connection.prepareStatement(
                         "INSERT INTO projects (tenant_id, id, team_id, name) VALUES (?, ?, ?, ?)");
                 PreparedStatement agent = connection.prepareStatement(
                         "INSERT INTO agents (tenant_id, id, project_id, name) VALUES (?, ?, ?, ?)")) {
                for (int t = 0; t < teamCount; t++) {
                    UUID teamId = UUID.randomUUID();
                    UUID projectId = UUID.randomUUID();
                    teams.add(teamId);
                    team.setObject(1, org.tenant);
                    team.setObject(2, teamId);
                    team.setString(3, "Team " + t);
                    team.executeUpdate();
                    project.setObject(1, org.tenant);
                    project.setObject(2, projectId);
                    project.setObject(3, teamId);
                    project.setString(4, "Project " + t);
                    project.executeUpdate();
                    for (int a = 0; a < AGENTS_PER_TEAM; a++) {
                        UUID agentId = UUID.randomUUID();
                        agent.setObject(1, org.tenant);
                        agent.setObject(2, agentId);
                        agent.setObject(3, projectId);
                        agent.setString(4, "agent-" + t + "-" + a);
                        agent.executeUpdate();
                        agents.add(new BearerFixtures.Agent(org.tenant, teamId, agentId));
                    }
                }
            }
            connection.commit();
        }
        for (UUID team : teams) {
            org.budget("team", PrefixedId.format("team", team), "monthly", "1000000", true, "");
        }
        // Keys and agent budgets through the API, a few at a time.
        List<String> secrets = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> issued = new ArrayList<>();
            for (BearerFixtures.Agent agent : agents) {
                issued.add(pool.submit(() -> {
                    org.budget("agent", agent.apiId(), "daily", "100000", true, "");
                    return BearerFixtures.issueKey(org.owner, agent, "[\"reservations:write\",\"usage:write\"]", "")
                            .get("secret").asString();
                }));
            }
            for (Future<String> secret : issued) {
                secrets.add(secret.get());
            }
        }
        Files.write(keysFile, secrets);
        String admin = BearerFixtures.issueKey(org.owner, agents.getFirst(), "[\"admin\"]", "").get("secret").asString();
        Files.writeString(Path.of(keysFile + ".admin"), admin);
        System.err.println("seeded " + agents.size() + " agents in " + teams.size() + " teams");
        System.out.println(org.tenant);
    }
}
