package io.tollgate.policies.internal;

import io.tollgate.policies.PolicyRule;
import org.jspecify.annotations.Nullable;

/** The rule editor's form; converts through the API's own parsing so both doors validate alike. */
public class RuleFormData {

    private String name = "";
    private String description = "";
    private String scopeType = "org";
    private String scopeTarget = "";
    private String condition = "";
    private String effect = "deny";
    private String approvalTier = "";
    private String onError = "deny";
    private boolean enabled = true;
    private long version;

    static RuleFormData of(StoredRule stored) {
        PolicyRule r = stored.rule();
        RuleFormData form = new RuleFormData();
        form.name = r.name();
        form.description = r.description();
        form.scopeType = lower(r.scope().kind());
        form.scopeTarget = r.scope().target() == null ? "" : r.scope().target();
        form.condition = r.condition();
        form.effect = lower(r.effect());
        form.approvalTier = r.approvalTier() == null ? "" : r.approvalTier();
        form.onError = lower(r.onError());
        form.enabled = r.enabled();
        form.version = stored.version();
        return form;
    }

    PolicyRule toRule() {
        return PoliciesApiController.rule(name == null || name.isBlank() ? "(unnamed)" : name, description,
                scopeType, scopeTarget, condition == null ? "" : condition, effect, approvalTier, onError, enabled);
    }

    /** The form field an API field name stands for. */
    static String formField(String apiField) {
        return switch (apiField) {
            case "scope_type" -> "scopeType";
            case "scope_target" -> "scopeTarget";
            case "approval_tier" -> "approvalTier";
            case "on_error" -> "onError";
            case "name", "description", "condition", "effect", "enabled" -> apiField;
            default -> apiField.startsWith("rules.") ? "condition" : "name";
        };
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getScopeType() { return scopeType; }
    public void setScopeType(String scopeType) { this.scopeType = scopeType; }
    public String getScopeTarget() { return scopeTarget; }
    public void setScopeTarget(String scopeTarget) { this.scopeTarget = scopeTarget; }
    public String getCondition() { return condition; }
    public void setCondition(String condition) { this.condition = condition; }
    public String getEffect() { return effect; }
    public void setEffect(String effect) { this.effect = effect; }
    public String getApprovalTier() { return approvalTier; }
    public void setApprovalTier(@Nullable String approvalTier) { this.approvalTier = approvalTier == null ? "" : approvalTier; }
    public String getOnError() { return onError; }
    public void setOnError(String onError) { this.onError = onError; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
}
