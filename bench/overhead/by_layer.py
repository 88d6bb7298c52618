"""CPU samples of `jfr print --events jdk.ExecutionSample` by layer: each sample goes to the layer of its innermost
frame outside the JDK (java.*, jdk.*, sun.* frames count for their caller), so the rows add up to 100 %."""
import sys
from collections import Counter

LAYERS = [
    ("logging (logback, slf4j)", ("ch.qos.", "org.slf4j.")),
    ("metrics and tracing (micrometer, opentelemetry)", ("io.micrometer.", "io.opentelemetry.")),
    ("JDBC driver and pool", ("org.postgresql.", "com.zaxxer.")),
    ("Hibernate / JPA", ("org.hibernate.orm", "org.hibernate.engine", "org.hibernate.internal", "org.hibernate.query",
                         "org.hibernate.", "org.springframework.orm.")),
    ("Jackson", ("tools.jackson.", "com.fasterxml.jackson.")),
    ("Bean Validation", ("org.hibernate.validator.",)),
    ("method security", ("org.springframework.security.authorization.method.",)),
    ("transactions (Spring tx, tenant binding)", ("org.springframework.transaction.", "org.springframework.jdbc.",
                                                  "io.tollgate.platform.internal.TenantBinding")),
    ("Tollgate filters", ("io.tollgate.platform.internal.RequestCorrelationFilter", "io.tollgate.platform.internal.UrlLength",
                          "io.tollgate.platform.internal.ApiBodySize", "io.tollgate.platform.internal.RequestText",
                          "io.tollgate.platform.internal.ratelimit.ApiRateLimitFilter", "io.tollgate.identity.internal.bearer.ApiPrincipalBinding",
                          "io.tollgate.tenancy.internal.web.TenantBinding", "io.tollgate.tenancy.internal.web.SessionLifetime",
                          "io.tollgate.platform.TenantScope")),
    ("application code (io.tollgate)", ("io.tollgate.",)),
    ("Spring MVC dispatch", ("org.springframework.web.servlet.", "org.springframework.web.method.")),
    ("security filter chain", ("org.springframework.security.",)),
    ("servlet filters and Tomcat", ("org.springframework.web.filter.", "org.apache.", "jakarta.servlet.")),
]
samples = 0
counts = Counter()
stack = None


def settle(frames):
    for frame in frames:  # innermost first
        if frame.startswith(("java.", "jdk.", "sun.", "com.sun.")):
            continue
        for name, prefixes in LAYERS:
            if frame.startswith(prefixes):
                counts[name] += 1
                return
        counts["other libraries"] += 1
        return
    counts["JDK only (JVM threads, GC, JIT, carrier scheduling)"] += 1


for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        if stack is not None:
            settle(stack)
        samples += 1
        stack = []
        continue
    s = line.strip()
    if stack is not None and "line:" in s:
        stack.append(s)
if stack is not None:
    settle(stack)
print(f"{samples} samples")
for name, n in counts.most_common():
    print(f"{n * 100 / max(samples, 1):5.1f} %  {n:6d}  {name}")
