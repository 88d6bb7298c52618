package io.tollgate.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A person's calls to {@code /v1/policies} over real HTTP (every answer checked against the OpenAPI document). */
public final class PolicyClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConsoleClient member;

    public PolicyClient(ConsoleClient member) {
        this.member = member;
    }

    public HttpResponse<String> call(String method, String path, String body, String ifMatch) {
        HttpRequest.Builder request = member.apiRequest(method, path, body == null ? null : "application/json",
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return member.send(request.build());
    }

    /** Adds a rule to the draft and answers its id. */
    public String addRule(String name, String scopeJson, String condition, String effect, String extraJson) {
        HttpResponse<String> created = call("POST", "/v1/policies/rules", "{\"name\":" + quote(name) + ","
                + scopeJson + ",\"condition\":" + quote(condition) + ",\"effect\":\"" + effect + "\"" + extraJson
                + "}", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    public String addOrgRule(String name, String condition, String effect) {
        return addRule(name, "\"scope_type\":\"org\"", condition, effect,
                effect.equals("require_approval") ? ",\"approval_tier\":\"finance\"" : "");
    }

    public String draftTag() {
        HttpResponse<String> draft = call("GET", "/v1/policies/draft", null, null);
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        return draft.headers().firstValue("ETag").orElseThrow();
    }

    /** Publishes the draft (acknowledging any conflict) and answers the new version's number. */
    public long publish() {
        HttpResponse<String> published = call("POST", "/v1/policies/draft/publish",
                "{\"note\":\"test\",\"acknowledge_conflicts\":true}", draftTag());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        return json(published).get("number").asLong();
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static String quote(String text) {
        return JSON.writeValueAsString(text);
    }
}
