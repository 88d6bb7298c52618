package io.tollgate.policies.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleScope;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The snapshot of a bundle's rules as stored in a version, and its content hash (SHA-256 of that JSON). */
final class RuleJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RuleJson() {
    }

    static String write(List<PolicyRule> rules) {
        return JSON.writeValueAsString(rules.stream().map(RuleJson::toMap).toList());
    }

    static List<PolicyRule> read(String json) {
        List<Map<String, Object>> list = JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() { });
        List<PolicyRule> rules = new ArrayList<>();
        for (Map<String, Object> m : list) {
            rules.add(new PolicyRule((String) m.get("id"), (String) m.get("name"), (String) m.get("description"),
                    new RuleScope(RuleScope.Kind.valueOf((String) m.get("scope_kind")), (String) m.get("scope_target")),
                    (String) m.get("condition"), PolicyEffect.valueOf((String) m.get("effect")),
                    (String) m.get("approval_tier"), OnError.valueOf((String) m.get("on_error")),
                    Boolean.TRUE.equals(m.get("enabled"))));
        }
        return rules;
    }

    static Map<String, Object> toMap(PolicyRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("description", r.description());
        m.put("scope_kind", r.scope().kind().name());
        m.put("scope_target", r.scope().target());
        m.put("condition", r.condition());
        m.put("effect", r.effect().name());
        m.put("approval_tier", r.approvalTier());
        m.put("on_error", r.onError().name());
        m.put("enabled", r.enabled());
        return m;
    }

    static String hash(String json) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
