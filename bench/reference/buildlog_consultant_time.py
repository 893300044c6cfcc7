#!/usr/bin/python3
"""Times Debian's buildlog-consultant (python3-buildlog-consultant) on one sbuild log, the reference the
JMH benchmark LogAnalysisBenchmark compares with: read and section the log, then find the failure, as
`analyse-sbuild-log` does. Prints seconds, MB/s and the failing line it found.

Run with Debian's python: /usr/bin/python3 bench/reference/buildlog_consultant_time.py LOG
"""
import os
import sys
import time

from buildlog_consultant.sbuild import SbuildLog, worker_failure_from_sbuild_log

path = sys.argv[1]
size = os.path.getsize(path)
start = time.perf_counter()
with open(path, "rb") as f:
    log = SbuildLog.parse(f)
failure = worker_failure_from_sbuild_log(log)
elapsed = time.perf_counter() - start
line = None
if failure.match is not None and failure.section is not None:
    line = failure.section.offsets[0] + failure.match.lineno
print("seconds=%.3f MB/s=%.1f stage=%s line=%s" % (elapsed, size / 1e6 / elapsed, failure.stage, line))
