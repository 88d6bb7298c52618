"""Inclusive CPU share per method from `jfr print --events jdk.ExecutionSample`: for every method, the share of
samples that have it anywhere on their stack (counted once per sample). Only frames matching the pattern given as
the first argument are listed; the second argument is how many rows to print."""
import re
import sys
from collections import Counter

pattern = re.compile(sys.argv[1])
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
samples = 0
counts = Counter()
frames = None
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        if frames is not None:
            counts.update(frames)
        samples += 1
        frames = set()
        continue
    stripped = line.strip()
    if frames is not None and "line:" in stripped:
        method = stripped.split("  line:")[0].strip()
        if pattern.search(method):
            frames.add(method)
if frames:
    counts.update(frames)
print(f"{samples} samples")
for method, n in counts.most_common(top):
    print(f"{n * 100 / max(samples, 1):5.1f} %  {n:6d}  {method}")
