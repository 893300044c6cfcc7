#!/usr/bin/python3
"""apt's C++ deb822 parser (python3-apt apt_pkg.TagFile) reading an uncompressed index: the reference
for Deb822ParseBenchmark. Prints the best of N runs in seconds and MB/s."""
import os
import sys
import time

import apt_pkg

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
size = os.path.getsize(path)
best = None
for _ in range(runs):
    t0 = time.perf_counter()
    n = 0
    with open(path, "rb") as f:
        for section in apt_pkg.TagFile(f):
            n += 1
    dt = time.perf_counter() - t0
    best = dt if best is None or dt < best else best
print(f"apt_pkg.TagFile stanzas={n} bytes={size} best_seconds={best:.4f} MB_per_s={size / best / 1e6:.1f}")
