/* libdpkg's dpkg_version_compare (the code behind dpkg --compare-versions) on the versions of a file,
 * one per line, each compared with the next: the reference for VersionBenchmark.compareParsed.
 * Also times parseversion() as the reference for VersionBenchmark.parse. */
#define LIBDPKG_VOLATILE_API 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dpkg/dpkg.h>
#include <dpkg/dpkg-db.h>
#include <dpkg/version.h>

static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + ts.tv_nsec / 1e9; }

int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "r");
  int rounds = argc > 2 ? atoi(argv[2]) : 20;
  size_t cap = 1 << 17, n = 0;
  char **texts = malloc(cap * sizeof *texts);
  char line[4096];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (n == cap) texts = realloc(texts, (cap *= 2) * sizeof *texts);
    texts[n++] = strdup(line);
  }
  struct dpkg_version *v = malloc(n * sizeof *v);
  struct dpkg_error err;
  double best_parse = 1e9, best_cmp = 1e9;
  long acc = 0;
  for (int r = 0; r < rounds; r++) {
    double t0 = now();
    for (size_t i = 0; i < n; i++) parseversion(&v[i], texts[i], &err);
    double t1 = now();
    for (size_t i = 0; i + 1 < n; i++) acc += dpkg_version_compare(&v[i], &v[i + 1]);
    double t2 = now();
    if (t1 - t0 < best_parse) best_parse = t1 - t0;
    if (t2 - t1 < best_cmp) best_cmp = t2 - t1;
  }
  printf("libdpkg versions=%zu compare_per_s=%.0f parse_per_s=%.0f (acc %ld)\n", n, (n - 1) / best_cmp, n / best_parse, acc);
  return 0;
}
