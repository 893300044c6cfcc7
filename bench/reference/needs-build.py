#!/usr/bin/python3
"""The reference for NeedsBuildBenchmark: a plain Python script on python3-apt's C++ parser computing
the needs-build classification (installed / out-of-date / uncompiled / not-for-us) of every source of
an uncompressed Sources file against one architecture's uncompressed Packages file.
Prints the best of N runs."""
import sys
import time

import apt_pkg

apt_pkg.init()
sources_path, packages_path, arch = sys.argv[1], sys.argv[2], sys.argv[3]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
arch_all = "amd64"


def matches(pattern):
    if pattern in ("any", arch):
        return True
    if pattern == "linux-any":
        return True
    if pattern.startswith("any-"):
        return pattern[4:] == arch
    return False


def run():
    built = {}
    with open(packages_path, "rb") as f:
        for s in apt_pkg.TagFile(f):
            a = s["Architecture"]
            if a != arch and a != "all":
                continue
            src = s.get("Source")
            version = s["Version"]
            if src:
                if "(" in src:
                    name, _, rest = src.partition(" (")
                    version = rest.rstrip(")")
                else:
                    name = src
            else:
                name = s["Package"]
            old = built.get(name)
            if old is None or apt_pkg.version_compare(version, old) > 0:
                built[name] = version
    counts = {"installed": 0, "out-of-date": 0, "uncompiled": 0, "not-for-us": 0}
    with open(sources_path, "rb") as f:
        for s in apt_pkg.TagFile(f):
            if s.get("Extra-Source-Only") == "yes":
                continue
            archs = s["Architecture"].split()
            if not any(matches(p) for p in archs if p != "all") and not ("all" in archs and arch == arch_all):
                counts["not-for-us"] += 1
                continue
            have = built.get(s["Package"])
            if have is None:
                counts["uncompiled"] += 1
            elif apt_pkg.version_compare(have, s["Version"]) < 0:
                counts["out-of-date"] += 1
            else:
                counts["installed"] += 1
    return counts


best = None
for _ in range(runs):
    t0 = time.perf_counter()
    counts = run()
    dt = time.perf_counter() - t0
    best = dt if best is None or dt < best else best
print(f"python3-apt needs-build best_seconds={best:.4f} {counts}")
