package io.tollgate.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A fresh organisation with agents, their write keys and budgets, and HTTP calls the way an agent makes them. */
public final class LedgerFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final int port;
    /** The owner's sign-in, when this fixture created the organisation. */
    public final @Nullable TestAccounts account;
    public final ConsoleClient owner;
    public final UUID tenant;
    public final BearerFixtures fixtures;

    public LedgerFixture(int port, Databases databases, String name) {
        this(port, databases, TestAccounts.fresh(name));
    }

    private LedgerFixture(int port, Databases databases, TestAccounts account) {
        this(port, databases, account, account.signUp(port));
    }

    /** For an organisation someone created already (in a browser, say), with its owner's session. */
    public LedgerFixture(int port, Databases databases, ConsoleClient owner) {
        this(port, databases, null, owner);
    }

    private LedgerFixture(int port, Databases databases, @Nullable TestAccounts account, ConsoleClient owner) {
        this.port = port;
        this.account = account;
        this.owner = owner;
        this.tenant = BearerFixtures.tenantOf(owner);
        this.fixtures = new BearerFixtures(port, databases);
    }

    /** An agent in a new team and project, with a key that may reserve and report usage. */
    public AgentKey agent() {
        BearerFixtures.Agent agent = fixtures.agentIn(tenant);
        return agentKey(agent);
    }

    /** Another agent in the same project as {@code sibling}. */
    public AgentKey agentBeside(AgentKey sibling) {
        UUID id = UUID.randomUUID();
        fixtures.sql("INSERT INTO agents (tenant_id, id, project_id, name) SELECT tenant_id, ?, project_id, ? "
                + "FROM agents WHERE id = ?", id, "agent-" + id.toString().substring(0, 8), sibling.agent().id());
        return agentKey(new BearerFixtures.Agent(tenant, sibling.agent().team(), id));
    }

    private AgentKey agentKey(BearerFixtures.Agent agent) {
        String secret = BearerFixtures.issueKey(owner, agent, "[\"reservations:write\",\"usage:write\"]", "")
                .get("secret").asString();
        return new AgentKey(agent, secret, projectOf(agent.id()));
    }

    public UUID projectOf(UUID agent) {
        return PrefixedId.parse("prj", json(owner.api("GET", "/v1/agents/" + PrefixedId.format("agt", agent)))
                .get("project_id").asString(), "project");
    }

    public record AgentKey(BearerFixtures.Agent agent, String token, UUID project) {
    }

    /** Creates a budget through the API as the owner; answers its id ({@code bud_…}). */
    public String budget(String scopeType, @Nullable String scopeId, String period, String limitUsd, boolean hard,
                  String extra) {
        HttpResponse<String> created = owner.api("POST", "/v1/budgets", "application/json",
                "{\"name\":\"" + scopeType + " " + period + "\",\"scope_type\":\"" + scopeType + "\""
                        + (scopeId == null ? "" : ",\"scope_id\":\"" + scopeId + "\"") + ",\"period\":\"" + period
                        + "\",\"limit_usd\":\"" + limitUsd + "\",\"hard\":" + hard + extra + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    public JsonNode budgetView(String id) {
        return json(owner.api("GET", "/v1/budgets/" + id)).get("current_window");
    }

    public HttpResponse<String> post(String token, String path, @Nullable String body, @Nullable String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            io.tollgate.support.ApiContract.check(built, response);
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String token, String path) {
        return fixtures.call(token, "GET", path);
    }

    public HttpResponse<String> reserve(AgentKey key, String costUsd) {
        return post(key.token(), "/v1/reservations", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"estimated_cost_usd\":\"" + costUsd + "\"}", null);
    }

    public HttpResponse<String> commit(AgentKey key, String reservation, String costUsd) {
        return post(key.token(), "/v1/reservations/" + reservation + "/commit",
                "{\"actual_cost_usd\":\"" + costUsd + "\"}", null);
    }

    /** Moves a hold's expiry into the past, as the database clock would after its TTL. */
    public void expireNow(String reservation) {
        fixtures.sql("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ?",
                PrefixedId.parse("rsv", reservation, "reservation"));
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
