"""Summarises Spring Boot's /actuator/startup timeline (BufferingApplicationStartup) for bench/startup.sh.

Usage: python3 steps.py <startup.json> <launch epoch seconds> <ready epoch seconds>
Prints markdown: the phases from JVM launch to readiness, and the slowest bean creations.
"""
import json
import sys
from datetime import datetime


def ts(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def dur(event):
    return ts(event["endTime"]) - ts(event["startTime"])


timeline = json.load(open(sys.argv[1]))["timeline"]
launch, ready = float(sys.argv[2]), float(sys.argv[3])
events = timeline["events"]
by_name = {}
for e in events:
    by_name.setdefault(e["startupStep"]["name"], []).append(e)
first = min(ts(e["startTime"]) for e in events)


def step(name):
    found = by_name.get(name)
    return found[0] if found else None


env = step("spring.boot.application.environment-prepared")
refresh = step("spring.context.refresh")
ready_step = step("spring.boot.application.ready")
rows = [("JVM launch → SpringApplication starts (JVM, class loading)", first - launch)]
if env:
    rows.append(("environment prepared (incl. embedded PostgreSQL: stop the orphan, start, recover)", dur(env)))
if refresh:
    liquibase = [e for e in by_name.get("spring.beans.instantiate", [])
                 if any(t["value"] == "liquibase" for t in e["startupStep"].get("tags", []))]
    if liquibase:
        rows.append(("  of the context refresh: Liquibase (changelog check, migrations)", dur(liquibase[0])))
    rows.append(("context refresh (beans, Hibernate, Tomcat)", dur(refresh)))
    end = ts(ready_step["endTime"]) if ready_step else ready
    rows.append(("refresh end → application ready (runners, ready listeners)", end - ts(refresh["endTime"])))
    rows.append(("application ready → readiness probe answers UP (probe polled every 0.2 s)", ready - end))
print("| phase | seconds |")
print("|---|---:|")
for name, seconds in rows:
    print(f"| {name} | {seconds:.2f} |")
print(f"| **JVM launch → readiness UP** | **{ready - launch:.2f}** |")
print()
print("Slowest bean creations (a bean's time includes the beans it creates):")
print()
print("| bean | seconds |")
print("|---|---:|")
beans = []
for e in by_name.get("spring.beans.instantiate", []):
    name = next((t["value"] for t in e["startupStep"].get("tags", []) if t["key"] == "beanName"), "?")
    beans.append((dur(e), name))
for seconds, name in sorted(beans, reverse=True)[:12]:
    print(f"| `{name}` | {seconds:.2f} |")

# Own time of each step (its duration less its children's), summed by step name: where the refresh really goes.
children = {}
for e in events:
    parent = e["startupStep"].get("parentId")
    if parent is not None:
        children[parent] = children.get(parent, 0.0) + dur(e)
own = {}
own_beans = []
for e in events:
    self_time = dur(e) - children.get(e["startupStep"]["id"], 0.0)
    own[e["startupStep"]["name"]] = own.get(e["startupStep"]["name"], 0.0) + self_time
    if e["startupStep"]["name"] == "spring.beans.instantiate":
        name = next((t["value"] for t in e["startupStep"].get("tags", []) if t["key"] == "beanName"), "?")
        own_beans.append((self_time, name))
print()
print("Own time by kind of step (children excluded), and the beans with the most own time:")
print()
print("| step | seconds |")
print("|---|---:|")
for name, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:8]:
    print(f"| `{name}` | {seconds:.2f} |")
print()
print("| bean (own time) | seconds |")
print("|---|---:|")
for seconds, name in sorted(own_beans, reverse=True)[:10]:
    print(f"| `{name}` | {seconds:.2f} |")
