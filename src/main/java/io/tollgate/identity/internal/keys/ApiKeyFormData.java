package io.tollgate.identity.internal.keys;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The console's "issue a key" form; converted to {@link ApiKeyService.NewApiKey} by the controller. */
public class ApiKeyFormData {

    @NotBlank(message = "Choose the agent the key is for.")
    private String agentId = "";

    @NotBlank(message = "Give the key a name, e.g. where it is deployed.")
    @Size(max = 100, message = "Use at most 100 characters.")
    private String name = "";

    @NotEmpty(message = "Choose at least one scope.")
    private List<String> scopes = new ArrayList<>();

    private @Nullable LocalDate expiresOn;

    @Size(max = 2000, message = "Too long.")
    private String allowedCidrs = "";

    public String getAgentId() { return agentId; }
    public void setAgentId(String agentId) { this.agentId = agentId == null ? "" : agentId.trim(); }
    public String getName() { return name; }
    public void setName(String name) { this.name = name == null ? "" : name.trim(); }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> scopes) { this.scopes = scopes == null ? new ArrayList<>() : scopes; }
    public @Nullable LocalDate getExpiresOn() { return expiresOn; }
    public void setExpiresOn(@Nullable LocalDate expiresOn) { this.expiresOn = expiresOn; }
    public String getAllowedCidrs() { return allowedCidrs; }
    public void setAllowedCidrs(String allowedCidrs) { this.allowedCidrs = allowedCidrs == null ? "" : allowedCidrs; }

    /** One range per line or separated by commas or spaces. */
    List<String> cidrList() {
        return List.of(allowedCidrs.split("[\\s,]+")).stream().filter(s -> !s.isBlank()).toList();
    }
}
