"""Sums a JFR recording's jdk.SocketRead (JDBC round trips) and jdk.ThreadPark events by the first application,
transaction-manager or pool frame of their stack: where a request waits, and how many round trips it makes.
Usage: jfr print --events jdk.SocketRead,jdk.ThreadPark --stack-depth 64 rec.jfr | python3 jfr-waits.py"""
import collections
import re
import sys

MARKERS = ('AbstractPlatformTransactionManager.commit', 'TenantBindingTransactionManager', 'HikariPool.getConnection',
           'NioEndpoint', 'ProxyConnection.close', 'ForkJoinPool', 'LinkedBlockingQueue')
UNITS = {'s': 1000, 'ms': 1, 'us': 0.001, 'ns': 1e-6}
text = sys.stdin.read()
for kind in ('jdk.SocketRead', 'jdk.ThreadPark'):
    total, count = collections.Counter(), collections.Counter()
    for event in text.split(kind + ' {')[1:]:
        event = re.split(r'\njdk\.\w+ \{', event)[0]
        m = re.search(r'duration = ([\d.,]+) (s|ms|us|ns)\b', event)
        if not m:
            continue
        millis = float(m.group(1).replace(',', '')) * UNITS[m.group(2)]
        frame = '(other)'
        for line in event.splitlines():
            line = line.strip()
            if line.startswith('io.tollgate') or any(k in line for k in MARKERS):
                frame = re.sub(r'\(.*', '', line)
                break
        total[frame] += millis
        count[frame] += 1
    print(f'\n{kind}: {sum(count.values())} events, {sum(total.values()):.0f} ms in all')
    print(f'{"total ms":>9} {"events":>7} {"avg ms":>7}  first application / transaction / pool frame')
    for frame, millis in total.most_common(25):
        print(f'{millis:9.0f} {count[frame]:7d} {millis / count[frame]:7.2f}  {frame}')
